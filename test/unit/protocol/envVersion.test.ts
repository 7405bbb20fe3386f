import { checkEnvVersion, ENV_VERSIONS } from '../../../nodes/protocol/envVersion';

describe('checkEnvVersion', () => {
	it('takes release, trial and develop; empty means WeChat\'s default (release)', () => {
		for (const version of ENV_VERSIONS) expect(checkEnvVersion(` ${version} `, 'Env Version', [])).toBe(version);
		const problems: string[] = [];
		expect(checkEnvVersion(undefined, 'Env Version', problems)).toBeUndefined();
		expect(checkEnvVersion('  ', 'Env Version', problems)).toBeUndefined();
		expect(problems).toEqual([]);
	});

	it('names the field and the allowed values for anything else', () => {
		const problems: string[] = [];
		expect(checkEnvVersion('Release', 'Env Version', problems)).toBeUndefined();
		expect(problems).toEqual(['Env Version "Release" is not one of release, trial, develop.']);
	});
});
