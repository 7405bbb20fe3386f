/**
 * The output items the trigger must produce for each of the push simulator's samples, written
 * out by hand from the field mapping the node documents (identifiers are read from the sample so a
 * reworded sample does not break the mapping under test).
 */
import type { IDataObject } from 'n8n-workflow';

import { PUSH_EVENT_SAMPLES, type PushEventSpec } from '../../../sandbox/push';

export const RECEIVED_AT = '2024-05-01T08:00:00.000Z';

type Format = 'xml' | 'json';

function text(spec: PushEventSpec, name: string): string {
	const value = spec[name];
	if (typeof value !== 'string') throw new Error(`sample field ${name} is not text`);
	return value;
}

function entry(spec: PushEventSpec, index: number): PushEventSpec {
	const list = spec.List as PushEventSpec[];
	return list[index];
}

function common(spec: PushEventSpec, event: string): IDataObject {
	return {
		event,
		msgType: text(spec, 'MsgType'),
		openid: text(spec, 'FromUserName'),
		appOriginalId: text(spec, 'ToUserName'),
		createTime: spec.CreateTime as number,
		receivedAt: RECEIVED_AT,
	};
}

/** FromUserName|CreateTime|Event|<16-hex content digest>[#entry] (events.ts, pushDedupeKey): the digest is checked by its shape here. */
function pushKey(spec: PushEventSpec, event: string, entryIndex?: number): string {
	const suffix = entryIndex === undefined ? '' : `#${entryIndex}`;
	// An asymmetric matcher where toEqual compares the key string (typed as the string it matches).
	return expect.stringMatching(new RegExp(`^${text(spec, 'FromUserName')}\\|${String(spec.CreateTime)}\\|${event}\\|[0-9a-f]{16}${suffix}$`)) as unknown as string;
}

function popup(spec: PushEventSpec, statuses: Array<[string, string, number]>): IDataObject[] {
	const event = 'subscribe_msg_popup_event';
	return statuses.map(([status, statusRaw, popupScene], index) => ({
		...common(spec, event),
		templateId: text(entry(spec, index), 'TemplateId'),
		status,
		statusRaw,
		popupScene,
		quotaDelta: status === 'accept' ? 1 : 0,
		switchedOn: status === 'accept',
		switchedOff: status === 'reject',
		dedupeKey: pushKey(spec, event, index),
	}));
}

function sent(spec: PushEventSpec, results: Array<[string, number, string, boolean]>): IDataObject[] {
	const event = 'subscribe_msg_sent_event';
	return results.map(([msgId, errorCode, errorStatus, delivered], index) => ({
		...common(spec, event),
		templateId: text(entry(spec, index), 'TemplateId'),
		msgId,
		errorCode,
		errorStatus,
		delivered,
		dedupeKey: pushKey(spec, event, index),
	}));
}

const S = PUSH_EVENT_SAMPLES;

/** `other` keeps the message as parsed: XML gives every value as text, a single repeated element as an object. */
function otherFields(format: Format): IDataObject {
	const spec = S.other;
	if (format === 'json') {
		return { ...spec } as IDataObject;
	}
	return {
		ToUserName: text(spec, 'ToUserName'),
		FromUserName: text(spec, 'FromUserName'),
		CreateTime: String(spec.CreateTime),
		MsgType: 'event',
		Event: 'wxa_media_check',
		appid: text(spec, 'appid'),
		trace_id: text(spec, 'trace_id'),
		version: '2',
		detail: { strategy: 'content_model', errcode: '0', suggest: 'pass', label: '100', prob: '90' },
		errcode: '0',
		errmsg: 'ok',
		result: { suggest: 'pass', label: '100' },
	};
}

export function expectedItems(sample: string, format: Format): IDataObject[] {
	switch (sample) {
		case 'popup':
			return popup(S.popup, [
				['accept', 'accept', 2],
				['reject', 'reject', 2],
			]);
		case 'popupSingle':
			return popup(S.popupSingle, [['accept', 'accept', 0]]);
		case 'popupAcceptWithAudio':
			return popup(S.popupAcceptWithAudio, [['accept', 'acceptWithAudio', 0]]);
		case 'change': {
			const event = 'subscribe_msg_change_event';
			return [
				{
					...common(S.change, event),
					templateId: text(entry(S.change, 0), 'TemplateId'),
					status: 'reject',
					statusRaw: 'reject',
					quotaDelta: 0,
					switchedOn: false,
					switchedOff: true,
					dedupeKey: pushKey(S.change, event, 0),
				},
			];
		}
		case 'sent':
			return sent(S.sent, [['1864323726461255680', 0, 'success', true]]);
		case 'sentFailed':
			return sent(S.sentFailed, [['1864323726461255682', 10005, 'fail', false]]);
		case 'sentMulti':
			return sent(S.sentMulti, [
				['1864323726461255683', 0, 'success', true],
				['1864323726461255684', 10005, 'fail', false],
			]);
		case 'text':
			return [
				{
					...common(S.text, 'text'),
					msgId: '7365081233419403265',
					content: text(S.text, 'Content'),
					dedupeKey: '7365081233419403265',
				},
			];
		case 'image':
			return [
				{
					...common(S.image, 'image'),
					msgId: '7365081233419403266',
					picUrl: text(S.image, 'PicUrl'),
					mediaId: text(S.image, 'MediaId'),
					dedupeKey: '7365081233419403266',
				},
			];
		case 'miniprogrampage':
			return [
				{
					...common(S.miniprogrampage, 'miniprogrampage'),
					msgId: '7365081233419403267',
					title: text(S.miniprogrampage, 'Title'),
					appId: text(S.miniprogrampage, 'AppId'),
					pagePath: text(S.miniprogrampage, 'PagePath'),
					thumbUrl: text(S.miniprogrampage, 'ThumbUrl'),
					thumbMediaId: text(S.miniprogrampage, 'ThumbMediaId'),
					dedupeKey: '7365081233419403267',
				},
			];
		case 'enterSession':
			return [
				{
					...common(S.enterSession, 'user_enter_tempsession'),
					sessionFrom: text(S.enterSession, 'SessionFrom'),
					dedupeKey: pushKey(S.enterSession, 'user_enter_tempsession'),
				},
			];
		case 'other':
			return [
				{
					...common(S.other, 'wxa_media_check'),
					fields: otherFields(format),
					dedupeKey: pushKey(S.other, 'wxa_media_check'),
				},
			];
		default:
			throw new Error(`no expected items for sample ${sample}`);
	}
}
