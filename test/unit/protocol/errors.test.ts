import { describeErrcode, ERRCODES, extractRid, WeChatApiError } from '../../../nodes/protocol/errors';

describe('errcode table', () => {
	const fromSheet = [
		-1, 40001, 40003, 40013, 40014, 40037, 40125, 40164, 40243, 41001, 41030, 42001, 43002, 43101, 43107, 43108,
		44002, 45009, 45011, 45168, 47001, 47003, 48001, 50004, 50007, 89503, 89506, 89507, 20001, 200001, 200011,
		200012, 200013, 200014, 200016, 200017, 200018, 200019, 200020, 200021, 200022, 200100,
	];

	it.each(fromSheet)('knows errcode %i with a meaning and a fix', (code) => {
		expect(ERRCODES[code]).toBeDefined();
		expect(ERRCODES[code].meaning.length).toBeGreaterThan(5);
		expect(ERRCODES[code].fix.length).toBeGreaterThan(5);
	});

	it('marks exactly the token errcodes as stale-token (never 48001)', () => {
		const stale = Object.entries(ERRCODES)
			.filter(([, info]) => info.handling === 'stale-token')
			.map(([code]) => Number(code))
			.sort((a, b) => a - b);
		expect(stale).toEqual([40001, 40014, 42001]);
		expect(describeErrcode(48001).handling).toBe('final');
	});

	it('marks as transient-refused only answers where WeChat surely did nothing', () => {
		const refused = Object.entries(ERRCODES)
			.filter(([, info]) => info.handling === 'transient-refused')
			.map(([code]) => Number(code))
			.sort((a, b) => a - b);
		expect(refused).toEqual([-1, 43108, 45011]);
	});

	it('describes unknown errcodes instead of failing', () => {
		expect(describeErrcode(99999).meaning).toBe('unknown WeChat error');
	});
});

describe('WeChatApiError', () => {
	it('names the operation, errcode, meaning, fix and keeps the rid', () => {
		const error = new WeChatApiError({
			operation: 'Get access token',
			kind: 'errcode',
			errcode: 40164,
			errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6655a1b2-3c4d5e6f-7a8b9c0d',
		});
		expect(error.message).toBe(
			`Get access token failed: WeChat errcode 40164: ${ERRCODES[40164].meaning}. ${ERRCODES[40164].fix} (rid: 6655a1b2-3c4d5e6f-7a8b9c0d)`,
		);
		expect(error.errmsg).toContain('203.0.113.7');
		expect(error.rid).toBe('6655a1b2-3c4d5e6f-7a8b9c0d');
	});

	it('says when a send may have gone out and was therefore not retried', () => {
		const error = new WeChatApiError({ operation: 'Send', kind: 'http-status', httpStatus: 502, outcomeUnknown: true });
		expect(error.message).toContain('HTTP 502');
		expect(error.message).toContain('may have accepted');
	});

	it('extracts rid from errmsg', () => {
		expect(extractRid('argument invalid! data.thing3.value invalid rid: 1234-abcd-5678')).toBe('1234-abcd-5678');
		expect(extractRid('ok')).toBeUndefined();
	});
});
