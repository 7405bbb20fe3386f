/** Builds the HTTP requests WeChat sends to a message-push URL: the GET verification and the event POSTs. */
import { randomBytes, randomInt } from 'node:crypto';

import { encryptPushMessage, pushSignature } from './crypto';
import { renderJson, renderXml } from './render';
import type { BuiltPushRequest, JsonListShape, PushConfig, PushEventSpec } from './types';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 16 random ASCII letters and digits, the kind of prefix WeChat puts before the message. */
export function randomPrefix16(): Buffer {
	const bytes = randomBytes(16);
	return Buffer.from(Array.from(bytes, (b) => ALPHANUMERIC.charCodeAt(b % ALPHANUMERIC.length)));
}

function defaultTimestamp(): string {
	return String(Math.floor(Date.now() / 1000));
}

function defaultNonce(): string {
	return String(randomInt(100_000_000, 2_000_000_000));
}

export interface VerificationOptions {
	echostr?: string;
	timestamp?: string;
	nonce?: string;
}

/** The GET WeChat sends when the URL is saved in the console (same in all three modes). */
export function buildVerificationRequest(config: PushConfig, opts: VerificationOptions = {}): BuiltPushRequest {
	const timestamp = opts.timestamp ?? defaultTimestamp();
	const nonce = opts.nonce ?? defaultNonce();
	const echostr = opts.echostr ?? `${randomInt(1_000_000_000, 9_999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
	return {
		method: 'GET',
		query: { signature: pushSignature([config.token, timestamp, nonce]), timestamp, nonce, echostr },
		headers: {},
		body: '',
	};
}

export interface EventRequestOptions {
	timestamp?: string;
	nonce?: string;
	/** The 16 bytes before the message in the ciphertext (random by default). */
	random16?: Buffer;
	/** JSON only: where the subscription items go (default 'auto'). */
	jsonListShape?: JsonListShape;
}

function contentTypeOf(config: PushConfig): string {
	return config.format === 'xml' ? 'text/xml' : 'application/json';
}

/** Puts `Encrypt` beside the plaintext fields (compatible mode). */
function withEncryptField(config: PushConfig, message: string, encrypted: string): string {
	if (config.format === 'xml') {
		return `${message.slice(0, -'</xml>'.length)}<Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
	}
	return `${message.slice(0, -1)},"Encrypt":${JSON.stringify(encrypted)}}`;
}

/** Only the envelope (safe mode). */
function encryptedEnvelope(config: PushConfig, toUserName: string, encrypted: string): string {
	if (config.format === 'xml') {
		return `<xml><ToUserName><![CDATA[${toUserName}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
	}
	return JSON.stringify({ ToUserName: toUserName, Encrypt: encrypted });
}

/** The POST WeChat sends for an event or message, in the config's mode and format. */
export function buildEventRequest(config: PushConfig, event: PushEventSpec, opts: EventRequestOptions = {}): BuiltPushRequest {
	const timestamp = opts.timestamp ?? defaultTimestamp();
	const nonce = opts.nonce ?? defaultNonce();
	const message = config.format === 'xml' ? renderXml(event) : renderJson(event, opts.jsonListShape);
	const query: Record<string, string> = {
		signature: pushSignature([config.token, timestamp, nonce]),
		timestamp,
		nonce,
		openid: String(event.FromUserName ?? ''),
	};
	const headers = { 'Content-Type': contentTypeOf(config) };
	if (config.mode === 'plaintext') return { method: 'POST', query, headers, body: message };

	const encrypted = encryptPushMessage(config.encodingAESKey, config.appId, message, opts.random16 ?? randomPrefix16());
	query.encrypt_type = 'aes';
	query.msg_signature = pushSignature([config.token, timestamp, nonce, encrypted]);
	const body =
		config.mode === 'safe'
			? encryptedEnvelope(config, String(event.ToUserName ?? ''), encrypted)
			: withEncryptField(config, message, encrypted);
	return { method: 'POST', query, headers, body };
}
