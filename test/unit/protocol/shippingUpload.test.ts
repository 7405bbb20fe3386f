import { WeChatClient } from '../../../nodes/protocol/client';
import { InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import type { WeChatHttpRequest } from '../../../nodes/protocol/http';
import {
	isMaskedContact,
	parseParcelsJson,
	prepareShippingUpload,
	SHIPPING_OUTCOME_UNKNOWN_FIX,
	uploadShippingInfo,
	type ShippingItem,
	type ShippingUploadInput,
} from '../../../nodes/protocol/shippingUpload';
import { StableTokenCache } from '../../../nodes/protocol/token';
import { recordingClient } from '../../helpers/recordingClient';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

const OPENID = 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M';
const NOW = new Date(Date.UTC(2024, 4, 1, 7, 1, 0, 120)); // 15:01:00.120 in Beijing
const YTO: ShippingItem = { trackingNo: 'YT1234567890', expressCompany: 'YTO', itemDesc: 'iPhone 15 Pro 256G' };

function express(overrides: Partial<ShippingUploadInput> = {}): ShippingUploadInput {
	return {
		orderKey: { by: 'transactionId', transactionId: '4200002024050100000000000001' },
		logisticsType: 1,
		deliveryMode: 1,
		shippingList: [YTO],
		payerOpenid: OPENID,
		...overrides,
	};
}

const problemsOf = (input: ShippingUploadInput) => thrownBy(InvalidInputError, () => prepareShippingUpload(input, NOW)).problems;

describe('prepareShippingUpload: the body WeChat documents', () => {
	it('express, unified, by transaction_id (order_number_type 2); upload_time defaults to now in +08:00', () => {
		expect(prepareShippingUpload(express(), NOW)).toEqual({
			order_key: { order_number_type: 2, transaction_id: '4200002024050100000000000001' },
			logistics_type: 1,
			delivery_mode: 1,
			shipping_list: [{ tracking_no: 'YT1234567890', express_company: 'YTO', item_desc: 'iPhone 15 Pro 256G' }],
			upload_time: '2024-05-01T15:01:00.120+08:00',
			payer: { openid: OPENID },
		});
	});

	it('by mchid and out_trade_no (order_number_type 1); split delivery says is_all_delivered', () => {
		const body = prepareShippingUpload(
			express({
				orderKey: { by: 'merchantTradeNo', mchid: '1230000109', outTradeNo: 'SBX-1001_a*' },
				deliveryMode: 2,
				isAllDelivered: false,
				shippingList: [YTO, { ...YTO, trackingNo: 'YT2' }],
				uploadTime: '2022-12-15T13:29:35.120+08:00',
			}),
			NOW,
		);
		expect(body.order_key).toEqual({ order_number_type: 1, mchid: '1230000109', out_trade_no: 'SBX-1001_a*' });
		expect(body).toMatchObject({ delivery_mode: 2, is_all_delivered: false, upload_time: '2022-12-15T13:29:35.120+08:00' });
		expect(body.shipping_list).toHaveLength(2);
	});

	it('virtual goods need no tracking number or carrier', () => {
		expect(prepareShippingUpload(express({ logisticsType: 3, shippingList: [{ itemDesc: '月卡会员' }] }), NOW).shipping_list).toEqual([{ item_desc: '月卡会员' }]);
	});

	it('SF Express with a masked contact', () => {
		const item: ShippingItem = { trackingNo: 'SF1', expressCompany: 'SF', itemDesc: '书桌', contact: { receiverContact: '189****1234' } };
		expect(prepareShippingUpload(express({ shippingList: [item] }), NOW).shipping_list[0].contact).toEqual({ receiver_contact: '189****1234' });
	});
});

describe('prepareShippingUpload: refusals before calling WeChat', () => {
	it('the order key: transaction_id, or mchid and out_trade_no (digits, letters, _ - *)', () => {
		expect(problemsOf(express({ orderKey: { by: 'transactionId', transactionId: ' ' } }))[0]).toContain('268485195');
		expect(problemsOf(express({ orderKey: { by: 'merchantTradeNo', mchid: '', outTradeNo: '' } }))).toEqual([
			expect.stringContaining('268485196'),
			expect.stringContaining('268485197'),
		]);
		expect(problemsOf(express({ orderKey: { by: 'merchantTradeNo', mchid: '1', outTradeNo: 'A#1' } }))[0]).toContain('only digits, letters, _, - and *');
	});

	it('logistics_type 1 to 4, delivery_mode 1 or 2', () => {
		expect(problemsOf(express({ logisticsType: 5 }))[0]).toContain('10060005');
		expect(problemsOf(express({ deliveryMode: 3 }))[0]).toContain('268485224');
	});

	it('unified delivery takes exactly one parcel', () => {
		expect(problemsOf(express({ shippingList: [YTO, YTO] }))[0]).toContain('unified delivery takes exactly 1 (errcode 268485228 otherwise)');
		expect(problemsOf(express({ shippingList: [] }))[0]).toContain('268485228');
	});

	it('split delivery: express only, is_all_delivered required, 15 parcels pass and 16 are refused', () => {
		const split = (n: number, extra: Partial<ShippingUploadInput> = {}) => express({ deliveryMode: 2, isAllDelivered: true, shippingList: Array.from({ length: n }, () => YTO), ...extra });
		expect(prepareShippingUpload(split(15), NOW).shipping_list).toHaveLength(15);
		expect(problemsOf(split(16))).toEqual(['Shipping List has 16 parcels; WeChat takes 1 to 15 (errcode 10060024 otherwise).']);
		expect(problemsOf(split(2, { isAllDelivered: undefined }))[0]).toContain('10060007');
		expect(problemsOf(split(1, { logisticsType: 2 }))[0]).toContain('10060006');
	});

	it('item_desc: required, 120 characters pass (counted as characters, not bytes), 121 are refused', () => {
		const desc = (text: string) => express({ shippingList: [{ ...YTO, itemDesc: text }] });
		expect(prepareShippingUpload(desc('书'.repeat(120)), NOW).shipping_list[0].item_desc).toHaveLength(120);
		expect(prepareShippingUpload(desc('😀'.repeat(120)), NOW)).toBeDefined();
		expect(problemsOf(desc('书'.repeat(121)))).toEqual([
			'Shipping List item 1: Item Description has 121 characters; WeChat allows at most 120 (errcode 10060009 otherwise).',
		]);
		expect(problemsOf(desc('  '))[0]).toContain('10060008');
	});

	it('express: tracking_no and express_company required, at most 128 bytes each', () => {
		expect(problemsOf(express({ shippingList: [{ itemDesc: 'x' }] }))).toEqual([expect.stringContaining('268485226'), expect.stringContaining('268485227')]);
		expect(prepareShippingUpload(express({ shippingList: [{ ...YTO, trackingNo: 'T'.repeat(128) }] }), NOW)).toBeDefined();
		expect(problemsOf(express({ shippingList: [{ ...YTO, trackingNo: 'T'.repeat(129) }] }))[0]).toContain('Tracking No has 129 bytes');
		// 43 Chinese characters are 129 bytes of UTF-8.
		expect(problemsOf(express({ shippingList: [{ ...YTO, expressCompany: '顺'.repeat(43) }] }))[0]).toContain('Express Company has 129 bytes');
	});

	it('SF Express needs a contact, masked with the last 4 digits visible', () => {
		const sf = (contact?: ShippingItem['contact']) => express({ shippingList: [{ trackingNo: 'SF1', expressCompany: 'SF', itemDesc: 'x', contact }] });
		expect(problemsOf(sf())[0]).toContain('SF Express (SF) needs a contact');
		expect(problemsOf(sf({ consignorContact: '18912341234' }))[0]).toContain('is not masked as WeChat requires');
		expect(prepareShippingUpload(sf({ consignorContact: '021-****1234' }), NOW)).toBeDefined();
	});

	it('upload_time must be RFC 3339 with an offset', () => {
		expect(problemsOf(express({ uploadTime: '2024-05-01 15:01:00' }))[0]).toContain('268485216');
		expect(problemsOf(express({ uploadTime: '2024-05-01T15:01:00' }))[0]).toContain('268485216');
	});

	it('payer.openid required', () => {
		expect(problemsOf(express({ payerOpenid: '' }))[0]).toContain('Payer OpenID is empty');
		expect(problemsOf(express({ payerOpenid: 'o'.repeat(129) }))[0]).toContain('is not an OpenID');
	});
});

describe('isMaskedContact', () => {
	it.each(['189****1234', '021-****1234', '****1234', '0**2-***1234', '0**2-******23-10', '****123-8008'])('accepts the official example %s', (value) => {
		expect(isMaskedContact(value)).toBe(true);
	});

	it.each([
		['18912341234', 'no *'],
		['189****123', 'only 3 digits after the last *'],
		['189****12a4', 'a letter'],
		['189 ****1234', 'a space'],
		['1234****', 'nothing after the last *'],
	])('refuses %s (%s)', (value) => {
		expect(isMaskedContact(value)).toBe(false);
	});
});

describe('uploadShippingInfo', () => {
	it('POSTs to /wxa/sec/order/upload_shipping_info as a change: not-accepted-only, with the Get Order fix', async () => {
		const { calls, client } = recordingClient({ errcode: 0, errmsg: 'ok' });
		const body = prepareShippingUpload(express(), NOW);
		await uploadShippingInfo(client, body);
		expect(calls).toEqual([
			{
				method: 'POST',
				path: '/wxa/sec/order/upload_shipping_info',
				json: body,
				retry: 'not-accepted-only',
				operation: 'Upload Shipping Info',
				outcomeUnknownFix: SHIPPING_OUTCOME_UNKNOWN_FIX,
			},
		]);
	});

	function clientWhoseUploadFails(failure: Error) {
		const uploads: WeChatHttpRequest[] = [];
		const client = new WeChatClient({
			credentials: { appId: 'wx1234567890abcdef', appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', baseUrl: 'https://api.weixin.qq.com' },
			send: async (request) => {
				if (request.url.includes('/cgi-bin/stable_token')) return { statusCode: 200, body: '{"access_token":"T","expires_in":7200}' };
				uploads.push(request);
				if (uploads.length === 1) throw failure;
				return { statusCode: 200, body: '{"errcode":0,"errmsg":"ok"}' };
			},
			sleep: async () => undefined,
			tokenCache: new StableTokenCache(),
		});
		return { client, uploads };
	}

	it('a timeout is an unknown outcome: never retried, the fix says to query the order first', async () => {
		const timeout = Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' });
		const { client, uploads } = clientWhoseUploadFails(timeout);
		const error = await rejectionOf(WeChatApiError, uploadShippingInfo(client, prepareShippingUpload(express(), NOW)));
		expect(uploads).toHaveLength(1);
		expect(error.outcomeUnknown).toBe(true);
		expect(error.fix).toContain('query the order (Get Order) before uploading again');
		expect(error.message).toContain('10060003');
	});

	it('a refused connection (nothing reached WeChat) is retried', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		const { client, uploads } = clientWhoseUploadFails(refused);
		await uploadShippingInfo(client, prepareShippingUpload(express(), NOW));
		expect(uploads).toHaveLength(2);
	});
});

describe('parseParcelsJson', () => {
	it('reads a JSON string or an array of camelCase parcels into items', () => {
		const text = '[{"trackingNo": "SF1", "expressCompany": "SF", "itemDesc": "机械键盘", "receiverContact": "189****1234"}, {"itemDesc": "鼠标"}]';
		const expected = [
			{ trackingNo: 'SF1', expressCompany: 'SF', itemDesc: '机械键盘', contact: { receiverContact: '189****1234', consignorContact: undefined } },
			{ trackingNo: undefined, expressCompany: undefined, itemDesc: '鼠标', contact: { receiverContact: undefined, consignorContact: undefined } },
		];
		expect(parseParcelsJson(text)).toEqual(expected);
		expect(parseParcelsJson(JSON.parse(text))).toEqual(expected);
	});

	it('names the field and the fix when the text is not JSON or not an array', () => {
		expect(thrownBy(InvalidInputError, () => parseParcelsJson('[{trackingNo: 1}]')).message).toBe('Parcels (JSON) is not valid JSON');
		expect(thrownBy(InvalidInputError, () => parseParcelsJson('{"trackingNo": "SF1"}')).message).toBe('Parcels (JSON) is not an array');
		expect(thrownBy(InvalidInputError, () => parseParcelsJson('null')).message).toBe('Parcels (JSON) is not an array');
	});
});
