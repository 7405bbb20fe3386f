import { redactSecrets } from '../../../nodes/protocol/redact';

describe('redactSecrets', () => {
	it('hides access_token values in URLs whatever else is in the query', () => {
		const text = 'GET https://api.weixin.qq.com/wxaapi/newtmpl/gettemplate?access_token=ACCESS_TOKEN_VALUE&x=1 failed';
		expect(redactSecrets(text)).toBe('GET https://api.weixin.qq.com/wxaapi/newtmpl/gettemplate?access_token=***&x=1 failed');
	});

	it('hides secret= query values (plain token endpoint)', () => {
		expect(redactSecrets('/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=abcdef123456')).toBe(
			'/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=***',
		);
	});

	it('hides every listed secret wherever it appears', () => {
		const secret = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
		expect(redactSecrets(`bad secret ${secret} in ${secret}`, [secret])).toBe('bad secret *** in ***');
	});

	it('ignores empty and very short secrets instead of mangling text', () => {
		expect(redactSecrets('a normal message', ['', undefined, 'a'])).toBe('a normal message');
	});
});
