import type { Resource } from '../../../shared/resources';
import * as getUnlimitedCode from './getUnlimitedCode.operation';

export const miniProgramCode: Resource = {
	name: 'Mini Program Code',
	value: 'miniProgramCode',
	description: 'The mini program code image (小程序码) for posters, e-mails and print',
	defaultOperation: getUnlimitedCode,
	operations: [getUnlimitedCode],
};
