/**
 * Opens one message-push POST: checks who sent it, decrypts it when it is encrypted, and returns
 * the fields of the message inside. Order: the Token must be configured; in plaintext mode the
 * `signature` query parameter is checked before the body is read at all; in compatible and safe
 * mode the outer body is read only far enough to find `Encrypt`, `msg_signature` is checked over
 * that exact text, and only then is anything decrypted.
 *
 * A push in an encryption mode the trigger is not set to (the console and the node disagree) is
 * named as such, `mode_mismatch`, but only once its signature holds under the trigger's own mode:
 * a forged request learns nothing from the answer.
 */
import { decodeEncodingAESKey, decodeStrictUtf8, decryptMessage } from './aes';
import { CONSOLE_PUSH_SETTINGS, PushRejectedError } from './errors';
import { JsonReadError, readJsonObject } from '../json64';
import { querySignatureProblem, queryString, verifyQuerySignature } from './signature';
import { XmlParseError, readXml } from './xml';

export type EncryptionMode = 'plaintext' | 'compatible' | 'safe';
export type DataFormatSetting = 'xml' | 'json' | 'auto';
export type PushFormat = 'xml' | 'json';
export type PushMessage = Record<string, unknown>;

export interface PushSecrets {
	token: string;
	encodingAESKey: string;
	appId: string;
}

export interface OpenPushOptions {
	mode: EncryptionMode;
	dataFormat: DataFormatSetting;
	secrets: PushSecrets;
	/** Refuse timestamps further than this from `nowSeconds`; 0 or absent turns the check off. */
	replayWindowSeconds?: number;
	/** Current unix time in seconds (injected for tests). */
	nowSeconds?: number;
	/** Bound on the body and on the decrypted message, in bytes. */
	maxBytes?: number;
	maxDepth?: number;
}

export interface OpenedPush {
	message: PushMessage;
	/** Format of the message itself (the decrypted one when encrypted). */
	format: PushFormat;
	encrypted: boolean;
}

export const PUSH_DEFAULT_MAX_BYTES = 1_048_576;
export const PUSH_DEFAULT_MAX_DEPTH = 32;

const TIMESTAMP = /^[0-9]{1,12}$/;

/** Throws unless the credential holds a Message Push Token. */
export function requireToken(token: unknown): string {
	if (typeof token !== 'string' || token.trim() === '') {
		throw new PushRejectedError(
			'not_configured',
			`The WeChat Mini Program API credential has no Message Push Token: enter the Token from ${CONSOLE_PUSH_SETTINGS}`,
		);
	}
	return token;
}

/** `<` is XML, `{` is JSON, judged by the first byte that is not whitespace (nor a BOM). */
export function detectFormat(text: string): PushFormat | undefined {
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (char === '<') return 'xml';
		if (char === '{') return 'json';
		if (char !== ' ' && char !== '\t' && char !== '\r' && char !== '\n' && char !== '\uFEFF') {
			return undefined;
		}
	}
	return undefined;
}

function formatName(format: PushFormat): string {
	return format === 'xml' ? 'XML' : 'JSON';
}

/**
 * Parses a body or a decrypted message into its fields (the children of `<xml>` for XML).
 * `what` names it in errors; a decrypted message's errors carry no reader detail, since that
 * detail (element names, offsets) comes from decrypted content.
 */
export function readPushFields(
	text: string,
	dataFormat: DataFormatSetting,
	limits: { maxBytes: number; maxDepth: number },
	what: 'body' | 'decrypted message' = 'body',
): { fields: PushMessage; format: PushFormat } {
	const format = detectFormat(text);
	if (format === undefined) {
		throw new PushRejectedError('malformed', `The ${what} is neither XML nor JSON`);
	}
	if (dataFormat !== 'auto' && dataFormat !== format) {
		throw new PushRejectedError(
			'malformed',
			`The ${what} is ${formatName(format)} but the trigger expects ${formatName(dataFormat)}: set Data Format to match the console, or to Auto-Detect`,
		);
	}
	let fields: PushMessage | undefined;
	let readError: string | undefined;
	try {
		if (format === 'json') {
			fields = readJsonObject(text, limits);
		} else {
			const document = readXml(text, limits);
			const root = Object.values(document)[0];
			if (typeof root === 'object' && !Array.isArray(root)) {
				fields = root;
			} else {
				readError = `The ${what}'s XML root element holds no fields`;
			}
		}
	} catch (error) {
		const readerError = error instanceof XmlParseError || error instanceof JsonReadError;
		const detail = readerError && what === 'body' ? `: ${error.message}` : '';
		readError = `The ${formatName(format)} ${what} could not be read${detail}`;
	}
	if (fields === undefined) {
		throw new PushRejectedError('malformed', readError ?? `The ${what} could not be read`);
	}
	return { fields, format };
}

function checkFreshness(timestamp: string, options: OpenPushOptions): void {
	const window = options.replayWindowSeconds ?? 0;
	if (!(window > 0)) {
		return;
	}
	const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
	if (!TIMESTAMP.test(timestamp) || Math.abs(now - Number(timestamp)) > window) {
		throw new PushRejectedError(
			'stale_timestamp',
			`The push timestamp is outside the replay window of ${window} seconds`,
		);
	}
}

/** The signature (`msg_signature` when `encrypt` is given) must hold, then the timestamp be fresh. */
function verifySignature(token: string, query: Record<string, unknown>, options: OpenPushOptions, encrypt?: string): void {
	checkFreshness(verifyQuerySignature(token, query, encrypt), options);
}

/** The fix for a mode mismatch: which setting to change, where the console shows the right value. */
function modeFix(modes: string): string {
	return `set Encryption Mode to the mode chosen in the WeChat console under ${CONSOLE_PUSH_SETTINGS}: ${modes}`;
}

/**
 * For a plaintext trigger, after the signature: WeChat marks every push of compatible and safe
 * mode with `encrypt_type=aes` (compatible mode sends the plaintext fields too, but the console
 * was set to encrypt, so the trigger's mode is still wrong).
 */
function refuseEncryptedQuery(query: Record<string, unknown>): void {
	if (queryString(query, 'encrypt_type')?.toLowerCase() === 'aes') {
		throw new PushRejectedError(
			'mode_mismatch',
			`WeChat sent an encrypted push (encrypt_type=aes) but the trigger's Encryption Mode is Plaintext: ${modeFix('Compatible or Safe')}`,
		);
	}
}

/** Without that mark: a body with `Encrypt` and neither MsgType nor Event (which every plaintext push has). */
function refuseEncryptedBody(fields: PushMessage): void {
	if (fields.Encrypt !== undefined && fields.MsgType === undefined && fields.Event === undefined) {
		throw new PushRejectedError(
			'mode_mismatch',
			`WeChat sent an encrypted push (an Encrypt field and no plaintext fields) but the trigger's Encryption Mode is Plaintext: ${modeFix('Compatible or Safe')}`,
		);
	}
}

/**
 * A push with no msg_signature reached a safe-mode trigger. When its plain `signature` holds it
 * is WeChat's own plaintext push and the message says so; it stays a `bad_signature` refusal
 * (safe mode accepts nothing unencrypted), only its message changes.
 */
function missingMsgSignature(token: string, query: Record<string, unknown>): PushRejectedError {
	if (querySignatureProblem(token, query) === undefined) {
		return new PushRejectedError(
			'bad_signature',
			`WeChat sent a plaintext push (no msg_signature) but the trigger's Encryption Mode is Safe: ${modeFix('Plaintext or Compatible')}`,
		);
	}
	return new PushRejectedError('bad_signature', 'msg_signature is missing (safe mode)');
}

function requireAppId(appId: unknown): string {
	if (typeof appId !== 'string' || appId.trim() === '') {
		throw new PushRejectedError(
			'not_configured',
			'The WeChat Mini Program API credential has no App ID, which encrypted pushes are checked against',
		);
	}
	return appId;
}

/**
 * Authenticates, decrypts and parses one push. Throws PushRejectedError with reason
 * `not_configured`, `bad_signature`, `stale_timestamp`, `malformed`, `bad_app_id` or
 * `mode_mismatch`.
 */
export function openPush(
	request: { body: string | Buffer; query: Record<string, unknown> },
	options: OpenPushOptions,
): OpenedPush {
	const token = requireToken(options.secrets.token);
	const limits = {
		maxBytes: options.maxBytes ?? PUSH_DEFAULT_MAX_BYTES,
		maxDepth: options.maxDepth ?? PUSH_DEFAULT_MAX_DEPTH,
	};
	const { query } = request;
	const bodyBytes =
		typeof request.body === 'string' ? Buffer.byteLength(request.body, 'utf8') : request.body.length;
	if (bodyBytes > limits.maxBytes) {
		throw new PushRejectedError('malformed', `The body is larger than ${limits.maxBytes} bytes`);
	}
	const strictBody = typeof request.body === 'string' ? request.body : decodeStrictUtf8(request.body);
	const body = strictBody ?? request.body.toString('utf8');
	// Checked only once the signature holds, so an unsigned request is refused as unsigned first.
	const requireUtf8Body = () => {
		if (strictBody === undefined) {
			throw new PushRejectedError('malformed', 'The body is not valid UTF-8');
		}
	};

	if (options.mode === 'plaintext') {
		verifySignature(token, query, options);
		refuseEncryptedQuery(query);
		requireUtf8Body();
		const { fields, format } = readPushFields(body, options.dataFormat, limits);
		refuseEncryptedBody(fields);
		return { message: fields, format, encrypted: false };
	}

	// Safe and compatible: an unsigned request is refused before its body is parsed.
	const hasMsgSignature = queryString(query, 'msg_signature') !== undefined;
	if (options.mode === 'safe' && !hasMsgSignature) {
		throw missingMsgSignature(token, query);
	}
	if (options.mode === 'compatible' && !hasMsgSignature) {
		verifySignature(token, query, options);
	}

	const outer = readPushFields(body, options.dataFormat, limits);
	const encrypt = outer.fields.Encrypt;
	if (encrypt === undefined) {
		if (options.mode === 'safe') {
			throw new PushRejectedError('bad_signature', 'A plaintext body is not accepted in safe mode');
		}
		if (hasMsgSignature) {
			verifySignature(token, query, options);
		}
		requireUtf8Body();
		return { message: outer.fields, format: outer.format, encrypted: false };
	}
	if (!hasMsgSignature) {
		throw new PushRejectedError('bad_signature', 'An encrypted body needs msg_signature');
	}
	if (typeof encrypt !== 'string') {
		throw new PushRejectedError('malformed', 'Encrypt must be a single text value');
	}
	verifySignature(token, query, options, encrypt);
	requireUtf8Body();

	const key = decodeEncodingAESKey(options.secrets.encodingAESKey);
	const appId = requireAppId(options.secrets.appId);
	const inner = decryptMessage(encrypt, key, appId);
	const { fields, format } = readPushFields(inner, options.dataFormat, limits, 'decrypted message');
	return { message: fields, format, encrypted: true };
}
