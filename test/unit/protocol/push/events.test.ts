import { categorise, normalisePush, statusCategory, subscriptionEffect, subscriptionEntries } from '../../../../nodes/protocol/push/events';
import { readJsonObject } from '../../../../nodes/protocol/json64';
import { readXml } from '../../../../nodes/protocol/push/xml';
import * as S from '../../../helpers/push/samples';

const receivedAt = new Date('2024-05-01T08:00:00.000Z');
const defaults = { splitList: true, onlyAccepted: false, includeRaw: false, receivedAt };

/** A dedupeKey without MsgId: FromUserName|CreateTime|Event, a 16-hex content digest, then #entry when split. */
function keyOf(prefix: string, entry?: number): unknown {
	const escaped = prefix.replace(/[|.*+?^${}()[\]\\]/g, '\\$&');
	return expect.stringMatching(new RegExp(`^${escaped}\\|[0-9a-f]{16}${entry === undefined ? '' : `#${entry}`}$`));
}

function xmlFields(xml: string): Record<string, unknown> {
	return readXml(xml).xml as Record<string, unknown>;
}

/** A popup push in which the user accepts template a with a sound (an accept variant) and bans template b. */
function audioAcceptAndBanPopup(): Record<string, unknown> {
	return {
		FromUserName: 'o1',
		CreateTime: 1,
		MsgType: 'event',
		Event: 'subscribe_msg_popup_event',
		List: [
			{ TemplateId: 'a', SubscribeStatusString: 'acceptWithAudio', PopupScene: '0' },
			{ TemplateId: 'b', SubscribeStatusString: 'ban', PopupScene: '0' },
		],
	};
}

describe('normalisePush: subscription events', () => {
	it('popup XML, split: one item per template, accept/reject, number popupScene, distinct dedupeKeys', () => {
		expect(normalisePush(xmlFields(S.POPUP_XML), defaults)).toEqual([
			{
				event: 'subscribe_msg_popup_event',
				msgType: 'event',
				openid: 'otFpruAK8D-E6EfStSYonYSBZ8_4',
				appOriginalId: 'gh_123456789abc',
				createTime: 1610969440,
				receivedAt: '2024-05-01T08:00:00.000Z',
				templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc',
				status: 'accept',
				statusRaw: 'accept',
				popupScene: 2,
				quotaDelta: 1,
				switchedOn: true,
				switchedOff: false,
				dedupeKey: keyOf('otFpruAK8D-E6EfStSYonYSBZ8_4|1610969440|subscribe_msg_popup_event', 0),
			},
			{
				event: 'subscribe_msg_popup_event',
				msgType: 'event',
				openid: 'otFpruAK8D-E6EfStSYonYSBZ8_4',
				appOriginalId: 'gh_123456789abc',
				createTime: 1610969440,
				receivedAt: '2024-05-01T08:00:00.000Z',
				templateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI',
				status: 'reject',
				statusRaw: 'reject',
				popupScene: 2,
				quotaDelta: 0,
				switchedOn: false,
				switchedOff: true,
				dedupeKey: keyOf('otFpruAK8D-E6EfStSYonYSBZ8_4|1610969440|subscribe_msg_popup_event', 1),
			},
		]);
	});

	it('popup XML, not split: one item with a templates array', () => {
		const [item, ...rest] = normalisePush(xmlFields(S.POPUP_XML), { ...defaults, splitList: false });
		expect(rest).toHaveLength(0);
		expect(item.templates).toEqual([
			{ templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', status: 'accept', statusRaw: 'accept', popupScene: 2, quotaDelta: 1, switchedOn: true, switchedOff: false },
			{ templateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI', status: 'reject', statusRaw: 'reject', popupScene: 2, quotaDelta: 0, switchedOn: false, switchedOff: true },
		]);
		expect(item.dedupeKey).toEqual(keyOf('otFpruAK8D-E6EfStSYonYSBZ8_4|1610969440|subscribe_msg_popup_event'));
		expect(item.templateId).toBeUndefined();
	});

	it('popup JSON: List as an array of one, CreateTime and PopupScene given as strings', () => {
		expect(normalisePush(readJsonObject(S.POPUP_JSON), defaults)).toEqual([
			{
				event: 'subscribe_msg_popup_event',
				msgType: 'event',
				openid: 'o7esq5OI1Uej6Xixw1lA2H7XDVbc',
				appOriginalId: 'gh_123456789abc',
				createTime: 1620973045,
				receivedAt: '2024-05-01T08:00:00.000Z',
				templateId: 'hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vBgHsG-j2E',
				status: 'accept',
				statusRaw: 'accept',
				popupScene: 0,
				quotaDelta: 1,
				switchedOn: true,
				switchedOff: false,
				dedupeKey: keyOf('o7esq5OI1Uej6Xixw1lA2H7XDVbc|1620973045|subscribe_msg_popup_event', 0),
			},
		]);
	});

	it('sent JSON: List as one object, MsgID exact, ErrorCode "0" → delivered', () => {
		expect(normalisePush(readJsonObject(S.SENT_JSON), defaults)).toEqual([
			{
				event: 'subscribe_msg_sent_event',
				msgType: 'event',
				openid: 'o7esq5PHRGBQYmeNyfG064wEFVpQ',
				appOriginalId: 'gh_123456789abc',
				createTime: 1620963428,
				receivedAt: '2024-05-01T08:00:00.000Z',
				templateId: 'BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUb-G1LdxY',
				msgId: '1864323726461255680',
				errorCode: 0,
				errorStatus: 'success',
				delivered: true,
				dedupeKey: keyOf('o7esq5PHRGBQYmeNyfG064wEFVpQ|1620963428|subscribe_msg_sent_event', 0),
			},
		]);
	});

	it('sent JSON with bare numbers: a failed delivery is not delivered, ids stay exact', () => {
		const items = normalisePush(readJsonObject(S.SENT_JSON_BARE_NUMBERS), defaults);
		expect(items.map((item) => [item.msgId, item.errorCode, item.delivered, item.errorStatus])).toEqual([
			['1864323726461255680', 0, true, 'success'],
			['1864323726461255681', 43101, false, 'failed:user refuse to accept the msg'],
		]);
	});

	it('sent XML: List under the SubscribeMsgSentEvent wrapper', () => {
		const [item] = normalisePush(xmlFields(S.SENT_XML), defaults);
		expect(item).toMatchObject({ msgId: '1700827132819554304', errorCode: 0, delivered: true, createTime: 1610969468 });
	});

	it('change XML and the older JSON wrapper array give the same entries (the dedupeKey digests each message as sent)', () => {
		const fromXml = normalisePush(xmlFields(S.CHANGE_XML), defaults);
		const fromJson = normalisePush(readJsonObject(S.CHANGE_JSON_OLD_WRAPPER), defaults);
		const withoutKey = (items: Array<Record<string, unknown>>) => items.map(({ dedupeKey: _key, ...rest }) => rest);
		expect(withoutKey(fromXml)).toEqual(withoutKey(fromJson));
		expect(fromXml).toEqual([
			{
				event: 'subscribe_msg_change_event',
				msgType: 'event',
				openid: 'otFpruAK8D-E6EfStSYonYSBZ8_4',
				appOriginalId: 'gh_123456789abc',
				createTime: 1610969468,
				receivedAt: '2024-05-01T08:00:00.000Z',
				templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc',
				status: 'reject',
				statusRaw: 'reject',
				quotaDelta: 0,
				switchedOn: false,
				switchedOff: true,
				dedupeKey: keyOf('otFpruAK8D-E6EfStSYonYSBZ8_4|1610969468|subscribe_msg_change_event', 0),
			},
		]);
	});

	it('Only Accepted keeps accept… templates of popup/change events and drops a push with none', () => {
		const popup = normalisePush(xmlFields(S.POPUP_XML), { ...defaults, onlyAccepted: true });
		expect(popup.map((item) => item.templateId)).toEqual(['VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc']);
		expect(popup[0].dedupeKey).toMatch(/#0$/);
		expect(normalisePush(xmlFields(S.CHANGE_XML), { ...defaults, onlyAccepted: true })).toEqual([]);
		const unsplit = normalisePush(xmlFields(S.POPUP_XML), { ...defaults, onlyAccepted: true, splitList: false });
		expect((unsplit[0].templates as unknown[]).length).toBe(1);
	});

	it('Only Accepted does not filter delivery results', () => {
		expect(normalisePush(readJsonObject(S.SENT_JSON_BARE_NUMBERS), { ...defaults, onlyAccepted: true })).toHaveLength(2);
	});

	it('a subscription push without entries still gives one item, with an empty templates list', () => {
		const message = { ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: '1', MsgType: 'event', Event: 'subscribe_msg_popup_event' };
		expect(normalisePush(message, defaults)).toEqual([expect.objectContaining({ templates: [], dedupeKey: keyOf('o1|1|subscribe_msg_popup_event') })]);
	});
});

describe('subscriptionEntries finds List wherever WeChat put it', () => {
	const entry = { TemplateId: 't', SubscribeStatusString: 'accept' };
	it.each([
		['top-level object', { List: entry }],
		['top-level array', { List: [entry] }],
		['under a popup wrapper', { SubscribeMsgPopupEvent: { List: entry } }],
		['under a wrapper, as an array', { SubscribeMsgPopupEvent: { List: [entry] } }],
		['under a change wrapper', { SubscribeMsgChangeEvent: { List: entry } }],
		['under a sent wrapper', { SubscribeMsgSentEvent: { List: entry } }],
		['the wrapper as the array of entries (older JSON)', { SubscribeMsgChangeEvent: [entry] }],
		['the wrapper as one entry', { SubscribeMsgChangeEvent: entry }],
		['with lower-cased names', { subscribemsgpopupevent: { list: entry } }],
	])('%s', (_label, message) => {
		expect(subscriptionEntries(message)).toEqual([entry]);
	});

	it('ignores entries that are not objects', () => {
		expect(subscriptionEntries({ List: ['x', null, entry] })).toEqual([entry]);
	});
});

describe('subscriptionEffect: what one entry does to the quota, for a ledger (docs/wechat-protocol.md §3)', () => {
	it.each([
		['subscribe_msg_popup_event', 'accept', { quotaDelta: 1, switchedOn: true, switchedOff: false }],
		['subscribe_msg_popup_event', 'reject', { quotaDelta: 0, switchedOn: false, switchedOff: true }],
		['subscribe_msg_popup_event', 'ban', { quotaDelta: 0, switchedOn: false, switchedOff: false }],
		['subscribe_msg_popup_event', 'filter', { quotaDelta: 0, switchedOn: false, switchedOff: false }],
		['subscribe_msg_popup_event', null, { quotaDelta: 0, switchedOn: false, switchedOff: false }],
		// An accept in settings switches the template on but gives no send.
		['subscribe_msg_change_event', 'accept', { quotaDelta: 0, switchedOn: true, switchedOff: false }],
		['subscribe_msg_change_event', 'reject', { quotaDelta: 0, switchedOn: false, switchedOff: true }],
	] as const)('%s %s', (category, status, effect) => {
		expect(subscriptionEffect(category, status)).toEqual(effect);
	});

	it('an acceptWithAudio popup adds a send like a plain accept; a ban entry of the same push changes nothing', () => {
		const message = audioAcceptAndBanPopup();
		expect(normalisePush(message, defaults).map((item) => [item.templateId, item.quotaDelta, item.switchedOn, item.switchedOff])).toEqual([
			['a', 1, true, false],
			['b', 0, false, false],
		]);
	});

	it('delivery results carry no quota fields (the send already used the quota)', () => {
		for (const item of normalisePush(readJsonObject(S.SENT_JSON_BARE_NUMBERS), defaults)) {
			expect(item).not.toHaveProperty('quotaDelta');
			expect(item).not.toHaveProperty('switchedOn');
		}
	});
});

describe('statusCategory', () => {
	it.each([
		['accept', 'accept'],
		['acceptWithAudio', 'accept'],
		['acceptWithAlert', 'accept'],
		['acceptWithForcePush', 'accept'],
		['reject', 'reject'],
		['ban', 'ban'],
		['filter', 'filter'],
	])('%s → %s', (raw, category) => {
		expect(statusCategory(raw)).toBe(category);
	});

	it('keeps the raw value beside the category, and accept variants count for Only Accepted', () => {
		const message = audioAcceptAndBanPopup();
		const items = normalisePush(message, { ...defaults, onlyAccepted: true });
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ templateId: 'a', status: 'accept', statusRaw: 'acceptWithAudio', popupScene: 0 });
		expect(normalisePush(message, defaults)[1]).toMatchObject({ status: 'ban', statusRaw: 'ban' });
	});
});

describe('normalisePush: customer-service messages and other events', () => {
	it('text XML: content and the 19-digit MsgId as the dedupeKey', () => {
		expect(normalisePush(xmlFields(S.TEXT_XML), defaults)).toEqual([
			{
				event: 'text',
				msgType: 'text',
				openid: 'oUser123',
				appOriginalId: 'gh_123456789abc',
				createTime: 1482048670,
				receivedAt: '2024-05-01T08:00:00.000Z',
				msgId: '6197906553041859764',
				content: 'this is a test & <more>',
				dedupeKey: '6197906553041859764',
			},
		]);
	});

	it('text JSON gives the same item as text XML', () => {
		expect(normalisePush(readJsonObject(S.TEXT_JSON), defaults)).toEqual(normalisePush(xmlFields(S.TEXT_XML), defaults));
	});

	it('image XML', () => {
		expect(normalisePush(xmlFields(S.IMAGE_XML), defaults)[0]).toEqual({
			event: 'image',
			msgType: 'image',
			openid: 'oUser123',
			appOriginalId: 'gh_123456789abc',
			createTime: 1482048670,
			receivedAt: '2024-05-01T08:00:00.000Z',
			msgId: '6197906553041859765',
			picUrl: 'https://mmbiz.qpic.cn/example.jpg',
			mediaId: 'media_id_1',
			dedupeKey: '6197906553041859765',
		});
	});

	it('mini program card XML', () => {
		expect(normalisePush(xmlFields(S.MINIPROGRAMPAGE_XML), defaults)[0]).toEqual({
			event: 'miniprogrampage',
			msgType: 'miniprogrampage',
			openid: 'oUser123',
			appOriginalId: 'gh_123456789abc',
			createTime: 1482048670,
			receivedAt: '2024-05-01T08:00:00.000Z',
			msgId: '6197906553041859766',
			title: 'Order &amp; detail',
			appId: 'wxba5fad812f8e6fb9',
			pagePath: 'pages/order/detail?id=1&from=card',
			thumbUrl: 'https://mmbiz.qpic.cn/thumb.jpg',
			thumbMediaId: 'thumb_media_1',
			dedupeKey: '6197906553041859766',
		});
	});

	it('user_enter_tempsession XML', () => {
		expect(normalisePush(xmlFields(S.ENTER_SESSION_XML), defaults)[0]).toEqual({
			event: 'user_enter_tempsession',
			msgType: 'event',
			openid: 'oUser123',
			appOriginalId: 'gh_123456789abc',
			createTime: 1482048670,
			receivedAt: '2024-05-01T08:00:00.000Z',
			sessionFrom: 'order-page',
			dedupeKey: keyOf('oUser123|1482048670|user_enter_tempsession'),
		});
	});

	it('any other event passes through untouched under fields', () => {
		const message = xmlFields(S.MEDIA_CHECK_XML);
		const [item] = normalisePush(message, defaults);
		expect(item).toEqual({
			event: 'wxa_media_check',
			msgType: 'event',
			openid: 'oUser123',
			appOriginalId: 'gh_123456789abc',
			createTime: 1482048670,
			receivedAt: '2024-05-01T08:00:00.000Z',
			fields: message,
			dedupeKey: keyOf('oUser123|1482048670|wxa_media_check'),
		});
		expect((item.fields as Record<string, unknown>).trace_id).toBe('967e945cd8a3e458f3c74dcb886068e9');
	});

	it('documented fields WeChat left out are null, never missing', () => {
		expect(normalisePush({ MsgType: 'text' }, defaults)[0]).toEqual({
			event: 'text',
			msgType: 'text',
			openid: null,
			appOriginalId: null,
			createTime: null,
			receivedAt: '2024-05-01T08:00:00.000Z',
			msgId: null,
			content: null,
			dedupeKey: keyOf('||text'),
		});
	});

	it('a non-numeric CreateTime is null, not NaN', () => {
		expect(normalisePush({ MsgType: 'text', CreateTime: 'soon' }, defaults)[0].createTime).toBeNull();
	});

	it('Include Raw Payload adds the message fields as raw', () => {
		const message = readJsonObject(S.TEXT_JSON);
		expect(normalisePush(message, { ...defaults, includeRaw: true })[0].raw).toEqual(message);
		const split = normalisePush(xmlFields(S.POPUP_XML), { ...defaults, includeRaw: true });
		expect(split.every((item) => item.raw !== undefined)).toBe(true);
	});
});

describe('categorise', () => {
	it.each([
		[S.POPUP_XML, 'subscribe_msg_popup_event'],
		[S.CHANGE_XML, 'subscribe_msg_change_event'],
		[S.SENT_XML, 'subscribe_msg_sent_event'],
		[S.TEXT_XML, 'customer_service_message'],
		[S.IMAGE_XML, 'customer_service_message'],
		[S.MINIPROGRAMPAGE_XML, 'customer_service_message'],
		[S.ENTER_SESSION_XML, 'user_enter_tempsession'],
		[S.MEDIA_CHECK_XML, 'other'],
	])('sample %#', (xml, category) => {
		expect(categorise(xmlFields(xml))).toBe(category);
	});

	it('keys off Event whatever the case, and calls an unknown MsgType other', () => {
		expect(categorise({ MsgType: 'EVENT', Event: 'Subscribe_Msg_Sent_Event' })).toBe('subscribe_msg_sent_event');
		expect(categorise({ msgtype: 'event', event: 'subscribe_msg_popup_event' })).toBe('subscribe_msg_popup_event');
		expect(categorise({ MsgType: 'voice' })).toBe('other');
		expect(categorise({})).toBe('other');
	});
});

describe('dedupeKey: one key per user action, the same key for a retry', () => {
	const popup = (list: Array<{ TemplateId: string; SubscribeStatusString: string }>, extra: Record<string, unknown> = {}) => ({
		ToUserName: 'gh_1',
		FromUserName: 'oUser',
		CreateTime: 1700000000,
		MsgType: 'event',
		Event: 'subscribe_msg_popup_event',
		List: list.map((entry) => ({ ...entry, PopupScene: '0' })),
		...extra,
	});
	const keys = (message: Record<string, unknown>) => normalisePush(message, defaults).map((item) => item.dedupeKey);

	it("is WeChat's official popup sample's known key (the digest is over the decrypted fields, keys sorted)", () => {
		expect(keys(xmlFields(S.POPUP_XML))).toEqual([
			'otFpruAK8D-E6EfStSYonYSBZ8_4|1610969440|subscribe_msg_popup_event|7b9dd9c608e0f690#0',
			'otFpruAK8D-E6EfStSYonYSBZ8_4|1610969440|subscribe_msg_popup_event|7b9dd9c608e0f690#1',
		]);
	});

	it('two popups of one user in the same second, accepting template A then template B, get different keys', () => {
		const [first] = keys(popup([{ TemplateId: 'A', SubscribeStatusString: 'accept' }]));
		const [second] = keys(popup([{ TemplateId: 'B', SubscribeStatusString: 'accept' }]));
		expect(first).not.toEqual(second);
	});

	it('the same template answered differently, or another event, in the same second gets a different key', () => {
		const accept = keys(popup([{ TemplateId: 'A', SubscribeStatusString: 'accept' }]))[0];
		const reject = keys(popup([{ TemplateId: 'A', SubscribeStatusString: 'reject' }]))[0];
		const change = keys(popup([{ TemplateId: 'A', SubscribeStatusString: 'accept' }], { Event: 'subscribe_msg_change_event' }))[0];
		expect(new Set([accept, reject, change]).size).toBe(3);
	});

	it('a retry (the same message, parsed again, its JSON keys in another order) gets the same keys', () => {
		const message = popup([
			{ TemplateId: 'A', SubscribeStatusString: 'accept' },
			{ TemplateId: 'B', SubscribeStatusString: 'reject' },
		]);
		const reordered = readJsonObject(JSON.stringify(Object.fromEntries(Object.entries(message).reverse())));
		expect(keys(reordered)).toEqual(keys(message));
		expect(keys(readJsonObject(JSON.stringify(message)))).toEqual(keys(message));
	});

	it('a push listing A and B is not the push listing only A, sent in the same second', () => {
		const both = keys(popup([{ TemplateId: 'A', SubscribeStatusString: 'accept' }, { TemplateId: 'B', SubscribeStatusString: 'accept' }]));
		const onlyA = keys(popup([{ TemplateId: 'A', SubscribeStatusString: 'accept' }]));
		expect(both).not.toContain(onlyA[0]);
	});
});
