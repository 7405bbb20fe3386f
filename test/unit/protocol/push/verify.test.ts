import { PushRejectedError } from '../../../../nodes/protocol/push/errors';
import { answerUrlVerification } from '../../../../nodes/protocol/push/verify';
import { V1 } from '../../../helpers/push/vectors';
import { thrownBy } from '../../../helpers/thrown';

const query = { signature: V1.signature, timestamp: V1.timestamp, nonce: V1.nonce, echostr: V1.echostr };

const reasonOf = (fn: () => unknown): string => thrownBy(PushRejectedError, fn).reason;

describe('answerUrlVerification', () => {
	it('V1: answers the bare echostr for the official example', () => {
		expect(answerUrlVerification(query, V1.token)).toBe('4375120948345356249');
	});

	it.each([
		['a wrong signature', { ...query, signature: 'f464b24fc39322e44b38aa78f5edd27bd1441697' }],
		['a missing signature', { ...query, signature: undefined }],
		['a missing timestamp', { ...query, timestamp: undefined }],
		['a missing nonce', { ...query, nonce: undefined }],
		['a repeated signature', { ...query, signature: [V1.signature, V1.signature] }],
		['a changed timestamp', { ...query, timestamp: '1714036505' }],
	])('refuses %s as bad_signature', (_label, badQuery) => {
		expect(reasonOf(() => answerUrlVerification(badQuery, V1.token))).toBe('bad_signature');
	});

	it('refuses the right signature under another Token', () => {
		expect(reasonOf(() => answerUrlVerification(query, 'BBBBB'))).toBe('bad_signature');
	});

	it('refuses a signed request without echostr as malformed', () => {
		expect(reasonOf(() => answerUrlVerification({ ...query, echostr: undefined }, V1.token))).toBe('malformed');
		expect(reasonOf(() => answerUrlVerification({ ...query, echostr: '' }, V1.token))).toBe('malformed');
	});

	it('refuses to answer while the Token is not configured', () => {
		expect(reasonOf(() => answerUrlVerification(query, ''))).toBe('not_configured');
		expect(reasonOf(() => answerUrlVerification(query, undefined))).toBe('not_configured');
	});
});
