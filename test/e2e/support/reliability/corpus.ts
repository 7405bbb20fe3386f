/**
 * The hostile corpus for the trigger: seeded, so every run sends the same requests. Each request belongs
 * to a class and carries the answer our node gives when n8n hands it the request (`nodeStatus`); what
 * n8n itself answers first (body parser, size limit, method) is modelled in n8nLayer.ts.
 *
 * Requests that need a valid signature to reach a deeper check (decryption, padding, App ID, format)
 * are signed with the Token: they model an attacker who has the Token but not the AES key, or WeChat's own
 * bytes mangled on the way. Everything else is forged.
 */
import { createCipheriv } from 'node:crypto';

import {
	aesKeyOf,
	decryptPushMessage,
	encryptPushMessage,
	pushSignature,
	PUSH_EVENT_SAMPLES,
	renderJson,
	renderXml,
	type PushEventSpec,
} from '../../../../sandbox/push';
import { SANDBOX_APP_ID, SANDBOX_ORIGINAL_ID } from '../../../../sandbox/seed';
import { ENCODING_AES_KEY, OTHER_APP_ID, PUSH_TOKEN, type TriggerWorkflowSpec } from './fixtures';
import { SeededRandom } from './random';

/** The trigger workflows the corpus is aimed at. */
export const HOSTILE_TARGETS = {
	safeAuto: { id: 'relHostSafeAuto1', mode: 'safe', dataFormat: 'auto', replayWindowSeconds: 300 },
	safeXml: { id: 'relHostSafeXml01', mode: 'safe', dataFormat: 'xml', replayWindowSeconds: 300 },
	safeJson: { id: 'relHostSafeJson1', mode: 'safe', dataFormat: 'json', replayWindowSeconds: 300 },
	plainXml: { id: 'relHostPlainXml1', mode: 'plaintext', dataFormat: 'xml', replayWindowSeconds: 300 },
	compatAuto: { id: 'relHostCompat001', mode: 'compatible', dataFormat: 'auto', replayWindowSeconds: 300 },
	/** Only for signed pushes with invalid UTF-8, so any execution they start is told apart. */
	utf8Safe: { id: 'relHostUtf8Safe1', mode: 'safe', dataFormat: 'auto', replayWindowSeconds: 300 },
} as const satisfies Record<string, TriggerWorkflowSpec>;

export type TargetName = keyof typeof HOSTILE_TARGETS;

export interface HostileRequest {
	seq: number;
	cls: string;
	/** Short label of the variant, for failure messages. */
	variant: string;
	target: TargetName;
	method: string;
	/** Query parameters in order; a name may repeat. */
	query: Array<[string, string]>;
	headers: Record<string, string>;
	body: Buffer;
	/** What our node answers when n8n hands it this request. */
	nodeStatus: number;
}

type Draft = Omit<HostileRequest, 'seq' | 'cls'>;

interface Context {
	rng: SeededRandom;
	/** Unix seconds the corpus is built for (fresh timestamps are near it). */
	now: number;
}

const XML = 'text/xml';
const JSON_TYPE = 'application/json';
const SAMPLE_NAMES = ['popup', 'popupSingle', 'change', 'sent', 'sentMulti', 'text', 'image', 'miniprogrampage', 'enterSession', 'other'];

function sampleEvent(ctx: Context): PushEventSpec {
	return PUSH_EVENT_SAMPLES[ctx.rng.pick(SAMPLE_NAMES)];
}

function nonce(ctx: Context): string {
	return String(ctx.rng.int(100_000_000, 2_000_000_000));
}

function random16(ctx: Context): Buffer {
	return Buffer.from(ctx.rng.text(16));
}

function render(format: 'xml' | 'json', event: PushEventSpec): string {
	return format === 'xml' ? renderXml(event) : renderJson(event);
}

function envelope(format: 'xml' | 'json', encrypt: string): string {
	return format === 'xml'
		? `<xml><ToUserName><![CDATA[${SANDBOX_ORIGINAL_ID}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`
		: JSON.stringify({ ToUserName: SANDBOX_ORIGINAL_ID, Encrypt: encrypt });
}

/** Query of a safe/compatible push whose msg_signature covers `encrypt` exactly. */
function safeQuery(timestamp: string, nonceValue: string, encrypt: string, openid = 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M'): Array<[string, string]> {
	return [
		['signature', pushSignature([PUSH_TOKEN, timestamp, nonceValue])],
		['timestamp', timestamp],
		['nonce', nonceValue],
		['openid', openid],
		['encrypt_type', 'aes'],
		['msg_signature', pushSignature([PUSH_TOKEN, timestamp, nonceValue, encrypt])],
	];
}

function plainQuery(timestamp: string, nonceValue: string): Array<[string, string]> {
	return [
		['signature', pushSignature([PUSH_TOKEN, timestamp, nonceValue])],
		['timestamp', timestamp],
		['nonce', nonceValue],
		['openid', 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M'],
	];
}

/** A push exactly as WeChat sends it in safe mode (valid in every respect). */
function validSafe(ctx: Context, format: 'xml' | 'json', timestamp = String(ctx.now)): { query: Array<[string, string]>; body: string; encrypt: string } {
	const encrypt = encryptPushMessage(ENCODING_AES_KEY, SANDBOX_APP_ID, render(format, sampleEvent(ctx)), random16(ctx));
	return { query: safeQuery(timestamp, nonce(ctx), encrypt), body: envelope(format, encrypt), encrypt };
}

function contentTypeOf(format: 'xml' | 'json'): string {
	return format === 'xml' ? XML : JSON_TYPE;
}

function setParam(query: Array<[string, string]>, name: string, value: string | undefined): Array<[string, string]> {
	const rest = query.filter(([key]) => key !== name);
	return value === undefined ? rest : [...rest, [name, value]];
}

/** AES-256-CBC of exact plaintext bytes (the caller pads), iv = key[0..16), as WeChat does. */
function encryptRaw(key: Buffer, plain: Buffer): string {
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** random16 ‖ uint32BE(len) ‖ message ‖ appId, unpadded. */
function wechatPlain(ctx: Context, message: Buffer, appId: string): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(message.length, 0);
	return Buffer.concat([random16(ctx), length, message, Buffer.from(appId)]);
}

function pkcs7(plain: Buffer): Buffer {
	const pad = 32 - (plain.length % 32);
	return Buffer.concat([plain, Buffer.alloc(pad, pad)]);
}

function post(target: TargetName, variant: string, query: Array<[string, string]>, contentType: string | undefined, body: string | Buffer, nodeStatus: number): Draft {
	const headers: Record<string, string> = {};
	if (contentType !== undefined) headers['content-type'] = contentType;
	return { target, variant, method: 'POST', query, headers, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body, nodeStatus };
}

// ---------------------------------------------------------------------------------------------------------
// Classes. Each returns one request; `weight` decides how many of the corpus it gets.

const missingSignature = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const push = validSafe(ctx, format);
	const variant = ctx.rng.pick(['no msg_signature', 'no query at all', 'only signature', 'no timestamp', 'no nonce']);
	let query = push.query;
	if (variant === 'no msg_signature') query = setParam(query, 'msg_signature', undefined);
	if (variant === 'no query at all') query = [];
	if (variant === 'only signature') query = query.filter(([key]) => key === 'signature');
	if (variant === 'no timestamp') query = setParam(query, 'timestamp', undefined);
	if (variant === 'no nonce') query = setParam(query, 'nonce', undefined);
	return post('safeAuto', variant, query, contentTypeOf(format), push.body, 401);
};

const badSignature = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const push = validSafe(ctx, format);
	const good = push.query.find(([key]) => key === 'msg_signature')?.[1] ?? '';
	// (An upper-case copy of the right digest is the same signature: hex is compared case-insensitively.)
	const variant = ctx.rng.pick(['random', 'one char off', 'too short', 'too long', 'empty', 'repeated', 'plain signature', 'signed with another token']);
	let query = push.query;
	const flip = (text: string) => {
		const at = ctx.rng.int(0, text.length - 1);
		return `${text.slice(0, at)}${text[at] === '0' ? '1' : '0'}${text.slice(at + 1)}`;
	};
	const timestamp = push.query.find(([k]) => k === 'timestamp')?.[1] ?? '';
	const nonceValue = push.query.find(([k]) => k === 'nonce')?.[1] ?? '';
	const replacement: Record<string, string> = {
		random: ctx.rng.hex(40),
		'one char off': flip(good),
		'too short': good.slice(0, 39),
		'too long': `${good}0`,
		empty: '',
		'plain signature': pushSignature([PUSH_TOKEN, timestamp, nonceValue]),
		'signed with another token': pushSignature(['anotherToken42', timestamp, nonceValue, push.encrypt]),
	};
	if (variant === 'repeated') query = [...query, ['msg_signature', good]];
	else query = setParam(query, 'msg_signature', replacement[variant]);
	return post('safeAuto', variant, query, contentTypeOf(format), push.body, 401);
};

const badSignaturePlaintext = (ctx: Context): Draft => {
	const format = 'xml';
	const timestamp = String(ctx.now);
	const nonceValue = nonce(ctx);
	const variant = ctx.rng.pick(['random', 'missing', 'no timestamp', 'no nonce', 'other token', 'msg_signature only']);
	let query = plainQuery(timestamp, nonceValue);
	if (variant === 'random') query = setParam(query, 'signature', ctx.rng.hex(40));
	if (variant === 'missing') query = setParam(query, 'signature', undefined);
	if (variant === 'no timestamp') query = setParam(query, 'timestamp', undefined);
	if (variant === 'no nonce') query = setParam(query, 'nonce', undefined);
	if (variant === 'other token') query = setParam(query, 'signature', pushSignature(['anotherToken42', timestamp, nonceValue]));
	if (variant === 'msg_signature only') query = [...setParam(query, 'signature', undefined), ['msg_signature', ctx.rng.hex(40)]];
	return post('plainXml', variant, query, XML, render(format, sampleEvent(ctx)), 401);
};

const badVerification = (ctx: Context): Draft => {
	const timestamp = String(ctx.now);
	const nonceValue = nonce(ctx);
	const echostr = String(ctx.rng.int(1_000_000, 9_999_999_999));
	const variant = ctx.rng.pick(['wrong signature', 'no signature', 'no timestamp', 'signed, no echostr']);
	let query: Array<[string, string]> = [
		['signature', pushSignature([PUSH_TOKEN, timestamp, nonceValue])],
		['timestamp', timestamp],
		['nonce', nonceValue],
		['echostr', echostr],
	];
	let status = 401;
	if (variant === 'wrong signature') query = setParam(query, 'signature', ctx.rng.hex(40));
	if (variant === 'no signature') query = setParam(query, 'signature', undefined);
	if (variant === 'no timestamp') query = setParam(query, 'timestamp', undefined);
	if (variant === 'signed, no echostr') {
		query = setParam(query, 'echostr', undefined);
		status = 400;
	}
	return { target: ctx.rng.pick(['safeAuto', 'plainXml'] as const), variant, method: 'GET', query, headers: {}, body: Buffer.alloc(0), nodeStatus: status };
};

/** Correctly signed, but outside the replay window (replayed captures, far-future clocks, nonsense). */
const staleTimestamp = (ctx: Context): Draft => {
	const variant = ctx.rng.pick(['replayed (past)', 'far future', 'epoch', 'milliseconds', 'not a number', 'negative', 'empty', 'huge']);
	const timestamps: Record<string, () => string> = {
		'replayed (past)': () => String(ctx.now - ctx.rng.int(301, 30 * 86400)),
		'far future': () => String(ctx.now + ctx.rng.int(301, 365 * 86400)),
		epoch: () => '0',
		milliseconds: () => String(ctx.now * 1000),
		'not a number': () => ctx.rng.pick(['abc', '1e9', '17e8', ' 1714112445', '0x66']),
		negative: () => `-${ctx.now}`,
		empty: () => '',
		huge: () => '9'.repeat(ctx.rng.int(13, 40)),
	};
	const timestamp = timestamps[variant]();
	if (ctx.rng.next() < 0.25) {
		// plaintext mode: the signature covers timestamp and nonce only
		const nonceValue = nonce(ctx);
		return post('plainXml', `plaintext, ${variant}`, plainQuery(timestamp, nonceValue), XML, render('xml', sampleEvent(ctx)), 401);
	}
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const push = validSafe(ctx, format, timestamp);
	return post('safeAuto', variant, push.query, contentTypeOf(format), push.body, 401);
};

const truncatedEncrypt = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const push = validSafe(ctx, format);
	const cut = push.encrypt.slice(0, ctx.rng.int(1, push.encrypt.length - 1));
	const signed = ctx.rng.next() < 0.7;
	const query = signed ? safeQuery(String(ctx.now), nonce(ctx), cut) : push.query;
	return post('safeAuto', signed ? 'signed over the cut text' : 'signature of the whole', query, contentTypeOf(format), envelope(format, cut), signed ? 400 : 401);
};

const nonBase64Encrypt = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const push = validSafe(ctx, format);
	const variant = ctx.rng.pick(['url-safe alphabet', 'inner space', 'line breaks', 'bad chars', 'extra padding', 'empty', 'missing padding']);
	const at = ctx.rng.int(4, push.encrypt.length - 4);
	const mangled: Record<string, () => string> = {
		'url-safe alphabet': () => push.encrypt.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') + (push.encrypt.includes('+') || push.encrypt.includes('/') ? '' : '-_'),
		'inner space': () => `${push.encrypt.slice(0, at)} ${push.encrypt.slice(at)}`,
		'line breaks': () => push.encrypt.replace(/(.{76})/g, '$1\n'),
		'bad chars': () => `${push.encrypt.slice(0, at)}*!$%${push.encrypt.slice(at + 4)}`,
		'extra padding': () => `${push.encrypt}====`,
		empty: () => '',
		'missing padding': () => `${push.encrypt.replace(/=+$/, '')}A`,
	};
	const encrypt = mangled[variant]();
	return post('safeAuto', variant, safeQuery(String(ctx.now), nonce(ctx), encrypt), contentTypeOf(format), envelope(format, encrypt), 400);
};

const badPadding = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const plain = wechatPlain(ctx, Buffer.from(render(format, sampleEvent(ctx))), SANDBOX_APP_ID);
	const variant = ctx.rng.pick(['pad 0', 'pad 33', 'pad 255', 'unequal pad bytes', 'AES-16 padding', 'declared length too long']);
	const key = aesKeyOf(ENCODING_AES_KEY);
	let padded = pkcs7(plain);
	const last = padded.length - 1;
	if (variant === 'pad 0') padded[last] = 0;
	if (variant === 'pad 33') padded[last] = 33;
	if (variant === 'pad 255') padded[last] = 255;
	if (variant === 'unequal pad bytes') {
		padded = pkcs7(Buffer.concat([plain, Buffer.from('x')]));
		const pad = padded[padded.length - 1];
		if (pad < 2) padded = pkcs7(Buffer.concat([plain, Buffer.from('xy')]));
		padded[padded.length - 2] ^= 0x01;
	}
	if (variant === 'AES-16 padding') {
		const pad16 = 16 - (plain.length % 16);
		padded = Buffer.concat([plain, Buffer.alloc(pad16, pad16)]);
		if (padded.length % 32 !== 0) padded = Buffer.concat([padded, Buffer.alloc(16, 16)]);
		// Make sure it is not, by chance, the right 32-byte padding.
		if (padded.length === pkcs7(plain).length && padded.equals(pkcs7(plain))) padded = Buffer.concat([plain, Buffer.alloc(pad16, pad16), Buffer.alloc(32, 32)]).subarray(0, plain.length + pad16 + 32);
	}
	if (variant === 'declared length too long') {
		const copy = Buffer.from(plain);
		copy.writeUInt32BE(copy.readUInt32BE(16) + 1000, 16);
		padded = pkcs7(copy);
	}
	const encrypt = encryptRaw(key, padded);
	// A 16-byte PKCS#7 pad is also a valid 32-byte one (1..32 equal bytes): the bytes it leaves behind end
	// up after the App ID, so that push is refused as meant for another App ID.
	const status = variant === 'AES-16 padding' ? 401 : 400;
	return post('safeAuto', variant, safeQuery(String(ctx.now), nonce(ctx), encrypt), contentTypeOf(format), envelope(format, encrypt), status);
};

const otherAppId = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const appId = ctx.rng.pick([OTHER_APP_ID, `${SANDBOX_APP_ID}x`, SANDBOX_APP_ID.slice(0, -1), '', SANDBOX_APP_ID.toUpperCase()]);
	const encrypt = encryptPushMessage(ENCODING_AES_KEY, appId, render(format, sampleEvent(ctx)), random16(ctx));
	return post('safeAuto', `appid "${appId}"`, safeQuery(String(ctx.now), nonce(ctx), encrypt), contentTypeOf(format), envelope(format, encrypt), 401);
};

/** Encrypted with another EncodingAESKey; what our key makes of it is decided by the sandbox's own decrypter. */
const wrongAesKey = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const otherKey = ctx.rng.text(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
	const encrypt = encryptPushMessage(otherKey, SANDBOX_APP_ID, render(format, sampleEvent(ctx)), random16(ctx));
	let status = 400;
	try {
		status = decryptPushMessage(ENCODING_AES_KEY, encrypt).appId === SANDBOX_APP_ID ? 200 : 401;
	} catch {
		status = 400;
	}
	return post('safeAuto', 'another key', safeQuery(String(ctx.now), nonce(ctx), encrypt), contentTypeOf(format), envelope(format, encrypt), status);
};

const NODE_MAX_BYTES = 1_048_576;
export const N8N_PAYLOAD_MAX_BYTES = 16 * 1024 * 1024;

function paddedXml(totalBytes: number): string {
	const head = `<xml><ToUserName><![CDATA[${SANDBOX_ORIGINAL_ID}]]></ToUserName><Encrypt><![CDATA[`;
	const tail = ']]></Encrypt></xml>';
	return head + 'A'.repeat(Math.max(0, totalBytes - head.length - tail.length)) + tail;
}

/** Over the node's 1 MiB bound (node: 400), and a few over n8n's own 16 MiB payload limit. */
const oversized = (ctx: Context): Draft => {
	const huge = ctx.rng.next() < 0.1;
	const size = huge ? N8N_PAYLOAD_MAX_BYTES + ctx.rng.int(1, 1024 * 1024) : NODE_MAX_BYTES + ctx.rng.int(1, 512 * 1024);
	const contentType = ctx.rng.pick([XML, 'application/octet-stream', JSON_TYPE, undefined]);
	const body = contentType === JSON_TYPE ? JSON.stringify({ ToUserName: SANDBOX_ORIGINAL_ID, Encrypt: 'A'.repeat(size - 60) }) : paddedXml(size);
	const push = validSafe(ctx, 'xml');
	return post('safeAuto', `${body.length} bytes, ${contentType ?? 'no type'}`, push.query, contentType, body, 400);
};

const deepNesting = (ctx: Context): Draft => {
	const depth = ctx.rng.pick([33, 100, 1000, 10_000, 50_000]);
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const body =
		format === 'xml'
			? `<xml>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</xml>`
			: `{"Encrypt":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
	const withSignature = ctx.rng.next() < 0.5;
	const query: Array<[string, string]> = withSignature ? safeQuery(String(ctx.now), nonce(ctx), ctx.rng.text(44)) : [];
	const contentType = ctx.rng.pick([contentTypeOf(format), 'application/octet-stream']);
	return post('safeAuto', `${format} depth ${depth}${withSignature ? ', msg_signature' : ''}, ${contentType}`, query, contentType, body, withSignature ? 400 : 401);
};

const ENTITY_VARIANTS = ['billion laughs', 'quadratic blowup', 'external entity (file)', 'external entity (http)', 'parameter entity', 'entity-laden, no DTD'] as const;

function entityPayload(ctx: Context, chosen?: (typeof ENTITY_VARIANTS)[number]): { variant: string; xml: string } {
	const variant = chosen ?? ctx.rng.pick(ENTITY_VARIANTS);
	const encrypt = ctx.rng.text(44);
	switch (variant) {
		case 'billion laughs': {
			let dtd = '<!ENTITY lol0 "lol">';
			for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
			return { variant, xml: `<?xml version="1.0"?><!DOCTYPE xml [${dtd}]><xml><ToUserName>&lol9;</ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
		}
		case 'quadratic blowup': {
			const big = 'a'.repeat(20_000);
			return { variant, xml: `<!DOCTYPE xml [<!ENTITY a "${big}">]><xml><ToUserName>${'&a;'.repeat(2_000)}</ToUserName><Encrypt>${encrypt}</Encrypt></xml>` };
		}
		case 'external entity (file)':
			return { variant, xml: `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>` };
		case 'external entity (http)':
			return { variant, xml: `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]><xml><ToUserName>&xxe;</ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
		case 'parameter entity':
			return { variant, xml: `<!DOCTYPE xml [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]><xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
		default:
			// No DTD: thousands of character references, which the node decodes; unsigned, so refused after reading.
			return { variant, xml: `<xml><ToUserName>${'&#x6F;&amp;&lt;'.repeat(20_000)}</ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
	}
}

const entityXml = (ctx: Context): Draft => {
	const { variant, xml } = entityPayload(ctx);
	const withSignature = ctx.rng.next() < 0.6;
	const query: Array<[string, string]> = withSignature ? safeQuery(String(ctx.now), nonce(ctx), ctx.rng.text(44)) : [];
	const contentType = ctx.rng.pick([XML, 'application/xml', 'text/plain', 'application/octet-stream']);
	// DOCTYPE: the node's reader refuses it (400) once msg_signature is there; without, 401 first.
	// Entity-laden without DTD: readable, so the bogus msg_signature decides (401).
	const nodeStatus = variant === 'entity-laden, no DTD' ? 401 : withSignature ? 400 : 401;
	return post(ctx.rng.pick(['safeAuto', 'safeXml'] as const), `${variant}${withSignature ? ', msg_signature' : ''}, ${contentType}`, query, contentType, xml, nodeStatus);
};

const INVALID_UTF8: Array<[string, Buffer]> = [
	['0xFF', Buffer.from([0xff])],
	['overlong /', Buffer.from([0xc0, 0xaf])],
	['lone surrogate', Buffer.from([0xed, 0xa0, 0x80])],
	['cut 3-byte sequence', Buffer.from([0xe4, 0xbd])],
	['0xFE 0xFE', Buffer.from([0xfe, 0xfe])],
	['stray continuation', Buffer.from([0x80, 0x81])],
];

function withInvalidUtf8(ctx: Context, text: string, marker: string): { variant: string; body: Buffer } {
	const [name, bytes] = ctx.rng.pick(INVALID_UTF8);
	const at = text.indexOf(marker);
	const source = Buffer.from(text, 'utf8');
	const cut = at < 0 ? ctx.rng.int(0, source.length) : Buffer.byteLength(text.slice(0, at + marker.length), 'utf8');
	return { variant: name, body: Buffer.concat([source.subarray(0, cut), bytes, source.subarray(cut)]) };
}

/**
 * Forged bodies with invalid UTF-8: without msg_signature anywhere in the body (refused before it is
 * read), or with a wrong one inside the text of ToUserName (the body stays readable, the signature fails).
 */
const invalidUtf8Unsigned = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const push = validSafe(ctx, format);
	const unsigned = ctx.rng.next() < 0.5;
	const marker = unsigned ? ctx.rng.pick(['<ToUserName', 'Encrypt', '<xml>', '{', '"ToUserName":"', '</xml>']) : format === 'xml' ? '<ToUserName><![CDATA[' : '"ToUserName":"';
	const { variant, body } = withInvalidUtf8(ctx, push.body, marker);
	const query = unsigned ? setParam(push.query, 'msg_signature', undefined) : setParam(push.query, 'msg_signature', ctx.rng.hex(40));
	return post('safeAuto', `${variant} ${unsigned ? 'anywhere, no msg_signature' : 'in ToUserName, wrong msg_signature'}`, query, ctx.rng.pick([contentTypeOf(format), 'application/octet-stream', 'text/plain']), body, 401);
};

/**
 * Correctly signed pushes carrying invalid UTF-8: in the unsigned outer envelope around a valid Encrypt,
 * or inside the encrypted message itself. WeChat never sends either; the node should refuse them (400).
 */
const invalidUtf8Signed = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	if (ctx.rng.next() < 0.5) {
		const push = validSafe(ctx, format);
		const { variant, body } = withInvalidUtf8(ctx, push.body, format === 'xml' ? '<ToUserName><![CDATA[' : '"ToUserName":"');
		return post('utf8Safe', `envelope: ${variant}`, push.query, contentTypeOf(format), body, 400);
	}
	const message = render(format, { ...PUSH_EVENT_SAMPLES.text, Content: 'MARK' });
	const { variant, body: inner } = withInvalidUtf8(ctx, message, 'MARK');
	const key = aesKeyOf(ENCODING_AES_KEY);
	const encrypt = encryptRaw(key, pkcs7(wechatPlain(ctx, inner, SANDBOX_APP_ID)));
	return post('utf8Safe', `message: ${variant}`, safeQuery(String(ctx.now), nonce(ctx), encrypt), contentTypeOf(format), envelope(format, encrypt), 400);
};

const CONTENT_TYPES = [
	undefined,
	'application/octet-stream',
	'text/plain',
	'text/html',
	'image/png',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=----x',
	'multipart/mixed; boundary=y',
	'application/json; charset=utf-16le',
	'text/xml; charset=latin1',
	'application/soap+xml',
	'application/vnd.api+json',
	'TEXT/XML',
	'text/xml; charset=no-such-charset',
];

/**
 * Forged pushes under every kind of Content-Type. (A correctly signed push under a wrong Content-Type is a
 * valid push: the node tells XML from JSON by the first byte, as WeChat's Content-Type is not documented.)
 */
const wrongContentType = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const push = validSafe(ctx, format);
	const contentType = ctx.rng.pick(CONTENT_TYPES);
	return post('safeAuto', `forged ${format} as ${contentType ?? 'no type'}`, setParam(push.query, 'msg_signature', ctx.rng.hex(40)), contentType, push.body, 401);
};

/** Correctly signed pushes in the format the trigger is not configured for. */
const formatMismatch = (ctx: Context): Draft => {
	const variant = ctx.rng.pick(['JSON to XML-only (safe)', 'XML to JSON-only (safe)', 'JSON to XML-only (plaintext)']);
	if (variant === 'JSON to XML-only (plaintext)') {
		return post('plainXml', variant, plainQuery(String(ctx.now), nonce(ctx)), JSON_TYPE, render('json', sampleEvent(ctx)), 400);
	}
	const format = variant.startsWith('JSON') ? 'json' : 'xml';
	const push = validSafe(ctx, format);
	return post(format === 'json' ? 'safeXml' : 'safeJson', variant, push.query, contentTypeOf(format), push.body, 400);
};

/** Bodies that are not a readable envelope at all. */
const malformedBody = (ctx: Context): Draft => {
	const format = ctx.rng.pick(['xml', 'json'] as const);
	const push = validSafe(ctx, format);
	const variant = ctx.rng.pick(['truncated envelope', 'empty body', 'random bytes', 'whitespace only', 'no Encrypt', 'Encrypt twice', 'Encrypt as object', 'array at top']);
	let body: string | Buffer = push.body;
	let status = 400;
	let query = push.query;
	switch (variant) {
		case 'truncated envelope':
			body = push.body.slice(0, ctx.rng.int(1, push.body.length - 2));
			break;
		case 'empty body':
			body = '';
			break;
		case 'random bytes':
			body = ctx.rng.bytes(ctx.rng.int(1, 2000));
			break;
		case 'whitespace only':
			body = ' \n\t '.repeat(ctx.rng.int(1, 50));
			break;
		case 'no Encrypt':
			body = format === 'xml' ? `<xml><ToUserName><![CDATA[${SANDBOX_ORIGINAL_ID}]]></ToUserName></xml>` : JSON.stringify({ ToUserName: SANDBOX_ORIGINAL_ID });
			status = 401; // a plaintext body is never accepted in safe mode
			break;
		case 'Encrypt twice':
			body =
				format === 'xml'
					? push.body.replace('</xml>', `<Encrypt><![CDATA[${push.encrypt}]]></Encrypt></xml>`)
					: JSON.stringify({ ToUserName: SANDBOX_ORIGINAL_ID, Encrypt: [push.encrypt, push.encrypt] });
			break;
		case 'Encrypt as object':
			body = format === 'xml' ? `<xml><Encrypt><a>${push.encrypt}</a></Encrypt></xml>` : JSON.stringify({ Encrypt: { a: push.encrypt } });
			break;
		default:
			body = format === 'xml' ? `<!-- only a comment -->` : `[${JSON.stringify({ Encrypt: push.encrypt })}]`;
			query = setParam(push.query, 'msg_signature', ctx.rng.hex(40));
			status = 400;
	}
	return post('safeAuto', `${format} ${variant}`, query, ctx.rng.pick([contentTypeOf(format), 'application/octet-stream']), body, status);
};

/** Compatible and safe mode refusing what each must refuse. */
const modeMismatch = (ctx: Context): Draft => {
	const variant = ctx.rng.pick(['plaintext body in safe mode (signed)', 'compatible: plaintext, bad signature', 'compatible: ciphertext, bad msg_signature']);
	const timestamp = String(ctx.now);
	const nonceValue = nonce(ctx);
	if (variant === 'plaintext body in safe mode (signed)') {
		const body = render('xml', sampleEvent(ctx));
		return post('safeAuto', variant, [...plainQuery(timestamp, nonceValue), ['msg_signature', pushSignature([PUSH_TOKEN, timestamp, nonceValue])]], XML, body, 401);
	}
	if (variant === 'compatible: plaintext, bad signature') {
		return post('compatAuto', variant, setParam(plainQuery(timestamp, nonceValue), 'signature', ctx.rng.hex(40)), XML, render('xml', sampleEvent(ctx)), 401);
	}
	const push = validSafe(ctx, 'json');
	return post('compatAuto', variant, setParam(push.query, 'msg_signature', ctx.rng.hex(40)), JSON_TYPE, push.body, 401);
};

/** Methods the trigger does not register (n8n answers before the node). */
const wrongMethod = (ctx: Context): Draft => {
	const push = validSafe(ctx, 'xml');
	const method = ctx.rng.pick(['PUT', 'PATCH', 'DELETE']);
	return { ...post('safeAuto', method, push.query, XML, push.body, 404), method };
};

/**
 * Bodies n8n's own XML body parser refuses or chokes on (no root element), under an XML Content-Type. n8n parses every webhook body
 * with one shared xml2js parser in async mode, which keeps state from a failed parse: a later request
 * may then get no answer at all, or get past the parser with a body it would refuse. So these go in a
 * phase of their own, where only "no execution, and whatever answer comes is a refusal" is exact.
 * All of them are forged (or carry a wrong msg_signature): the node refuses each one it is handed.
 */
const xmlParserErrors = (ctx: Context): Draft => {
	const push = validSafe(ctx, 'xml');
	const bogus = setParam(push.query, 'msg_signature', ctx.rng.hex(40));
	const contentType = ctx.rng.pick([XML, 'application/xml', 'text/xml; charset=utf-8']);
	const variant = ctx.rng.pick(['JSON body', 'truncated envelope', 'billion laughs', 'external entity', 'tag broken by invalid UTF-8', 'garbage', 'mismatched tags', 'comment only', 'processing instruction only']);
	switch (variant) {
		case 'JSON body':
			return post('safeAuto', variant, bogus, contentType, JSON.stringify({ ToUserName: SANDBOX_ORIGINAL_ID, Encrypt: push.encrypt }), 401);
		case 'truncated envelope':
			return post('safeAuto', variant, bogus, contentType, push.body.slice(0, ctx.rng.int(8, push.body.length - 8)), 400);
		case 'billion laughs':
		case 'external entity': {
			const { xml } = entityPayload(ctx, variant === 'billion laughs' ? 'billion laughs' : 'external entity (file)');
			return post('safeAuto', variant, bogus, contentType, xml, 400);
		}
		case 'tag broken by invalid UTF-8': {
			const { body } = withInvalidUtf8(ctx, push.body, '<ToUser');
			return post('safeAuto', variant, bogus, contentType, body, 400);
		}
		case 'garbage':
			return post('safeAuto', variant, bogus, contentType, `x${ctx.rng.text(ctx.rng.int(1, 500))}`, 400);
		case 'comment only':
			return post('safeAuto', variant, bogus, contentType, `<!-- ${ctx.rng.text(ctx.rng.int(1, 200))} -->`, 400);
		case 'processing instruction only':
			return post('safeAuto', variant, bogus, contentType, '<?xml version="1.0" encoding="UTF-8"?>', 400);
		default:
			return post('safeAuto', variant, bogus, contentType, push.body.replace('</ToUserName>', '</FromUserName>'), 400);
	}
};

interface ClassSpec {
	name: string;
	weight: number;
	make: (ctx: Context) => Draft;
}

/** Class names with their share of the corpus (weights are relative). */
export const HOSTILE_CLASSES: readonly ClassSpec[] = [
	{ name: 'missing-signature', weight: 900, make: missingSignature },
	{ name: 'bad-signature', weight: 1200, make: badSignature },
	{ name: 'bad-signature-plaintext', weight: 500, make: badSignaturePlaintext },
	{ name: 'bad-verification', weight: 400, make: badVerification },
	{ name: 'stale-timestamp', weight: 1000, make: staleTimestamp },
	{ name: 'truncated-encrypt', weight: 700, make: truncatedEncrypt },
	{ name: 'non-base64-encrypt', weight: 600, make: nonBase64Encrypt },
	{ name: 'bad-padding', weight: 600, make: badPadding },
	{ name: 'other-app-id', weight: 500, make: otherAppId },
	{ name: 'wrong-aes-key', weight: 300, make: wrongAesKey },
	{ name: 'oversized', weight: 40, make: oversized },
	{ name: 'deep-nesting', weight: 250, make: deepNesting },
	{ name: 'entity-xml', weight: 500, make: entityXml },
	{ name: 'invalid-utf8-unsigned', weight: 500, make: invalidUtf8Unsigned },
	{ name: 'invalid-utf8-signed', weight: 200, make: invalidUtf8Signed },
	{ name: 'wrong-content-type', weight: 700, make: wrongContentType },
	{ name: 'format-mismatch', weight: 400, make: formatMismatch },
	{ name: 'malformed-body', weight: 500, make: malformedBody },
	{ name: 'mode-mismatch', weight: 300, make: modeMismatch },
	{ name: 'wrong-method', weight: 60, make: wrongMethod },
];

/** The phase of its own for bodies n8n's XML parser refuses (see xmlParserErrors). */
export const XML_PARSER_CLASSES: readonly ClassSpec[] = [{ name: 'xml-parser-errors', weight: 1, make: xmlParserErrors }];

/**
 * A seeded corpus of `total` requests, classes in proportion to their weights (each at least one),
 * interleaved in a seeded order so no class runs alone against a quiet n8n. Requests are made one at a
 * time by next(), with the clock of that moment, so fresh timestamps stay fresh however long the run takes;
 * everything else is the same on every run.
 */
export class HostileCorpus {
	private readonly rng: SeededRandom;

	private readonly plan: ClassSpec[] = [];

	private made = 0;

	constructor(seed: number, total: number, classes: readonly ClassSpec[] = HOSTILE_CLASSES) {
		this.rng = new SeededRandom(seed);
		const weightSum = classes.reduce((n, c) => n + c.weight, 0);
		for (const spec of classes) {
			const share = Math.max(1, Math.round((total * spec.weight) / weightSum));
			for (let i = 0; i < share; i++) this.plan.push(spec);
		}
		for (let i = this.plan.length - 1; i > 0; i--) {
			const j = this.rng.int(0, i);
			[this.plan[i], this.plan[j]] = [this.plan[j], this.plan[i]];
		}
	}

	get size(): number {
		return this.plan.length;
	}

	/** Requests planned per class. */
	planned(): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const spec of this.plan) counts[spec.name] = (counts[spec.name] ?? 0) + 1;
		return counts;
	}

	/** The next request, its timestamps fresh as of `nowSeconds`; undefined once all are made. */
	next(nowSeconds: number): HostileRequest | undefined {
		const spec = this.plan[this.made];
		if (spec === undefined) return undefined;
		const seq = this.made++;
		return { seq, cls: spec.name, ...spec.make({ rng: this.rng, now: nowSeconds }) };
	}
}
