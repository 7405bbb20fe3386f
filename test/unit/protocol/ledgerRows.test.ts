import { InvalidInputError } from '../../../nodes/protocol/errors';
import { ledgerTableRows } from '../../../nodes/protocol/ledgerRows';
import { normalisePush } from '../../../nodes/protocol/push/events';
import { readJsonObject } from '../../../nodes/protocol/json64';
import { readXml } from '../../../nodes/protocol/push/xml';
import * as S from '../../helpers/push/samples';

const context = { nowSeconds: 1_800_000_000, runId: '4711' };
const receivedAt = new Date('2024-05-01T08:00:00.000Z');
const triggerItems = (message: Record<string, unknown>, splitList = true) => normalisePush(message, { splitList, onlyAccepted: false, includeRaw: false, receivedAt });
const popupItems = (splitList = true) => triggerItems(readXml(S.POPUP_XML).xml as Record<string, unknown>, splitList);

const sendSuccess = { success: true, msgid: '1864323726461255680', touser: 'oUser', templateId: 'tplA', errcode: 0, errmsg: 'ok', longTerm: false, quotaDelta: -1 };
const send43101 = { success: false, msgid: null, touser: 'oUser', templateId: 'tplA', longTerm: false, quotaDelta: null, reason: 'not_subscribed', errcode: 43101 };
const send40003 = { success: false, msgid: null, touser: 'oBad', templateId: 'tplA', longTerm: false, quotaDelta: null, reason: 'wechat_error', errcode: 40003 };
const invalidBeforeSend = { success: false, msgid: null, reason: 'invalid_data', errcode: null };

describe('Ledger Events rows (wechat_subscription_events)', () => {
	it("a popup's accept and reject: one row each, with the trigger's dedupeKey, on/off stamped with CreateTime", () => {
		const items = popupItems();
		expect(items.flatMap((item) => ledgerTableRows('subscriptionEvents', item, context))).toEqual([
			{ openid: 'otFpruAK8D-E6EfStSYonYSBZ8_4', templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', source: 'popup', quotaDelta: 1, onAt: 1610969440, offAt: 0, createTime: 1610969440, dedupeKey: items[0].dedupeKey },
			{ openid: 'otFpruAK8D-E6EfStSYonYSBZ8_4', templateId: '9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI', source: 'popup', quotaDelta: 0, onAt: 0, offAt: 1610969440, createTime: 1610969440, dedupeKey: items[1].dedupeKey },
		]);
	});

	it('Split List off gives the same rows and keys as Split List on', () => {
		const split = popupItems().flatMap((item) => ledgerTableRows('subscriptionEvents', item, context));
		const unsplit = popupItems(false).flatMap((item) => ledgerTableRows('subscriptionEvents', item, context));
		expect(unsplit).toEqual(split);
	});

	it('a settings change is source settings; delivery results and customer-service messages give no ledger row', () => {
		const [change] = triggerItems(readXml(S.CHANGE_XML).xml as Record<string, unknown>).flatMap((item) => ledgerTableRows('subscriptionEvents', item, context));
		expect(change).toMatchObject({ source: 'settings', quotaDelta: 0, onAt: 0 });
		const sentItems = triggerItems(readJsonObject(S.SENT_JSON));
		expect(sentItems.flatMap((item) => ledgerTableRows('subscriptionEvents', item, context))).toEqual([]);
		expect(triggerItems(readJsonObject(S.TEXT_JSON)).flatMap((item) => ledgerTableRows('subscriptionEvents', item, context))).toEqual([]);
	});

	it('a send uses one send (its msgid keys it); a 43101 is a correction keyed by run, user and template; other refusals change nothing', () => {
		expect(ledgerTableRows('subscriptionEvents', sendSuccess, context)).toEqual([
			{ openid: 'oUser', templateId: 'tplA', source: 'send', quotaDelta: -1, onAt: 0, offAt: 0, createTime: context.nowSeconds, dedupeKey: 'send|1864323726461255680' },
		]);
		expect(ledgerTableRows('subscriptionEvents', send43101, context)).toEqual([
			{ openid: 'oUser', templateId: 'tplA', source: 'correction', quotaDelta: 0, onAt: 0, offAt: 0, createTime: context.nowSeconds, dedupeKey: '43101|4711|oUser|tplA' },
		]);
		expect(ledgerTableRows('subscriptionEvents', { ...send43101, longTerm: true }, context)[0]).toMatchObject({ offAt: context.nowSeconds });
		expect(ledgerTableRows('subscriptionEvents', { ...sendSuccess, longTerm: true, quotaDelta: 0 }, context)[0]).toMatchObject({ quotaDelta: 0 });
		expect(ledgerTableRows('subscriptionEvents', send40003, context)).toEqual([]);
		expect(ledgerTableRows('subscriptionEvents', invalidBeforeSend, context)).toEqual([]);
	});
});

describe('Messages rows (wechat_messages)', () => {
	it('one row per send that reached WeChat, with the exact msgid and the outcome', () => {
		expect([sendSuccess, send43101, send40003, invalidBeforeSend].flatMap((item) => ledgerTableRows('messages', item, context))).toEqual([
			{ msgid: '1864323726461255680', openid: 'oUser', templateId: 'tplA', outcome: 'sent', errcode: 0 },
			{ msgid: null, openid: 'oUser', templateId: 'tplA', outcome: 'not_subscribed', errcode: 43101 },
			{ msgid: null, openid: 'oBad', templateId: 'tplA', outcome: 'refused', errcode: 40003 },
		]);
	});

	it("refuses the trigger's items, saying where message rows come from", () => {
		expect(() => ledgerTableRows('messages', popupItems()[0], context)).toThrow(/come from Send Subscription Message results/);
	});
});

describe('Delivery Results rows (wechat_delivery_results)', () => {
	it('one row per delivery result, msgid exact, failed with its errorCode', () => {
		const rows = triggerItems(readJsonObject(S.SENT_JSON_BARE_NUMBERS)).flatMap((item) => ledgerTableRows('deliveryResults', item, context));
		expect(rows).toEqual([
			{ msgid: '1864323726461255680', openid: 'o7esq5PHRGBQYmeNyfG064wEFVpQ', templateId: 'BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUb-G1LdxY', status: 'delivered', errorCode: 0, errorStatus: 'success', createTime: 1620963428 },
			{ msgid: '1864323726461255681', openid: 'o7esq5PHRGBQYmeNyfG064wEFVpQ', templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', status: 'failed', errorCode: 43101, errorStatus: 'failed:user refuse to accept the msg', createTime: 1620963428 },
		]);
	});

	it('popups give no delivery row; Send results are refused with where delivery rows come from', () => {
		expect(popupItems().flatMap((item) => ledgerTableRows('deliveryResults', item, context))).toEqual([]);
		expect(() => ledgerTableRows('deliveryResults', sendSuccess, context)).toThrow(/come from the trigger's delivery results/);
	});
});

describe('any other item', () => {
	it('is refused, naming its fields and what to connect', () => {
		expect(() => ledgerTableRows('subscriptionEvents', { order: 1 }, context)).toThrow(InvalidInputError);
		expect(() => ledgerTableRows('subscriptionEvents', { order: 1 }, context)).toThrow(/neither an event of the WeChat Mini Program Trigger nor a result of Send Subscription Message/);
	});

	it('a trigger item without its dedupeKey is refused, naming the field', () => {
		const { dedupeKey: _dropped, ...item } = popupItems()[0];
		expect(() => ledgerTableRows('subscriptionEvents', item, context)).toThrow(/has no dedupeKey/);
	});
});
