/**
 * Reading a webhook's passive reply to a push, as WeChat does (docs/wechat-protocol.md §18): `success` or
 * an empty body asks for nothing; otherwise the reply must be in the push's format, and encrypted in safe
 * mode ({Encrypt, MsgSignature, TimeStamp, Nonce}: MsgSignature = sha1 of the sorted token, TimeStamp,
 * Nonce and Encrypt; Nonce the push's own; the ciphertext ending with the config's AppID). Compatible mode
 * accepts both forms, plaintext mode only the plain one. On node:crypto only, apart from nodes/.
 */
import { decryptPushMessage, pushSignature } from './crypto';
import type { BuiltPushRequest, PushConfig, PushFormat } from './types';

export type ReplyFields = Record<string, unknown>;

export type PassiveReplyReading =
	/** `success` or empty: nothing asked. */
	| { kind: 'none' }
	/** A reply message (decrypted when it was encrypted). */
	| { kind: 'message'; fields: ReplyFields; encrypted: boolean; format: PushFormat }
	/** A reply WeChat would not accept, and why. */
	| { kind: 'invalid'; problem: string };

const XML_CHILD = /<([A-Za-z_][\w.-]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;

function formatOf(text: string): PushFormat | undefined {
	const first = text.trimStart()[0];
	return first === '<' ? 'xml' : first === '{' ? 'json' : undefined;
}

/** The fields of a flat `<xml>` reply or a JSON object; undefined when it is neither. */
function readFields(text: string, format: PushFormat): ReplyFields | undefined {
	if (format === 'json') {
		try {
			const parsed: unknown = JSON.parse(text);
			return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as ReplyFields) : undefined;
		} catch {
			return undefined;
		}
	}
	const root = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(text);
	if (!root) return undefined;
	const fields: ReplyFields = {};
	for (const match of root[1].matchAll(XML_CHILD)) fields[match[1]] = match[2] ?? match[3];
	return fields;
}

function invalid(problem: string): PassiveReplyReading {
	return { kind: 'invalid', problem };
}

/** What the webhook's answer `body` to the push `push` (sent with `config`) asks WeChat to do. */
export function readPassiveReply(config: PushConfig, push: BuiltPushRequest, body: string): PassiveReplyReading {
	const text = body.trim();
	if (text === '' || text.toLowerCase() === 'success') return { kind: 'none' };
	const format = formatOf(text);
	if (format === undefined) return invalid('the reply is neither success, XML nor JSON');
	if (format !== config.format) return invalid(`the reply is ${format.toUpperCase()} but the push format is ${config.format.toUpperCase()}`);
	const outer = readFields(text, format);
	if (!outer) return invalid(`the ${format.toUpperCase()} reply could not be read`);
	if (outer.Encrypt === undefined) {
		if (config.mode === 'safe') return invalid('safe mode takes only an encrypted reply');
		return { kind: 'message', fields: outer, encrypted: false, format };
	}
	if (config.mode === 'plaintext') return invalid('an encrypted reply in plaintext mode');
	const encrypt = String(outer.Encrypt);
	const timestamp = String(outer.TimeStamp ?? '');
	const nonce = String(outer.Nonce ?? '');
	if (nonce !== push.query.nonce) return invalid("the reply's Nonce is not the push's nonce");
	if (String(outer.MsgSignature ?? '') !== pushSignature([config.token, timestamp, nonce, encrypt])) {
		return invalid('MsgSignature does not match sha1(sort(token, TimeStamp, Nonce, Encrypt))');
	}
	let inner;
	try {
		inner = decryptPushMessage(config.encodingAESKey, encrypt);
	} catch (error) {
		return invalid(`Encrypt could not be decrypted: ${error instanceof Error ? error.message : String(error)}`);
	}
	if (inner.appId !== config.appId) return invalid('the reply was encrypted for another AppID');
	if (formatOf(inner.message) !== format) return invalid(`the decrypted reply is not ${format.toUpperCase()}`);
	const fields = readFields(inner.message, format);
	if (!fields) return invalid('the decrypted reply could not be read');
	return { kind: 'message', fields, encrypted: true, format };
}
