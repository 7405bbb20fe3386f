/**
 * The passive reply `transfer_customer_service` (转发客服消息): answering a user's customer-service message
 * push with it hands the conversation to WeChat's web customer-service tool, where an agent takes it. Once
 * an agent has picked the session up, the user's next messages go there instead of to the push URL; a
 * session left open 30 minutes returns to it. Facts: docs/wechat-protocol.md §18.
 *
 * Only a user's message can be transferred (MsgType text, image, miniprogrampage), never an event such as
 * user_enter_tempsession. The reply swaps the addresses of the push (ToUserName = the user's OpenID, the
 * push's FromUserName; FromUserName = the mini program's gh_ id, the push's ToUserName) and must be in the
 * push's own format: WeChat takes only the data format configured in the console (JSON or XML).
 *
 * Encryption: safe mode needs the encrypted envelope {Encrypt, MsgSignature, TimeStamp, Nonce}
 * (message-push page). Compatible mode is encrypted too: WeChat marks its pushes encrypt_type=aes there
 * as in safe mode, and the SDKs' server examples encrypt a reply whenever the push carries that mark
 * (wechatpy's: whenever encrypt_type is not raw); WeChat's page does not spell out compatible mode's
 * reply. The plaintext form is sent only in plaintext mode.
 */
import { InvalidInputError } from '../errors';
import { decodeEncodingAESKey } from './aes';
import { encryptMessage } from './encrypt';
import { requireToken, type EncryptionMode, type PushFormat, type PushMessage, type PushSecrets } from './envelope';
import { computeSignature } from './signature';

/** The pushes that are a user's message, and so may be transferred. */
export const TRANSFERABLE_MSG_TYPES = ['text', 'image', 'miniprogrampage'] as const;

export const TRANSFER_MSG_TYPE = 'transfer_customer_service';

export interface PassiveReplyOptions {
	/** The push's format (OpenedPush.format of the decrypted message). */
	format: PushFormat;
	/** The trigger's Encryption Mode. */
	mode: EncryptionMode;
	/** Token, EncodingAESKey and App ID; needed in compatible and safe mode. */
	secrets?: PushSecrets;
	/** The push request's `nonce` query parameter, echoed in the encrypted envelope. */
	nonce?: string;
	/** Unix seconds, CreateTime of the reply and TimeStamp of the envelope; default now. */
	nowSeconds?: number;
	/** The 16 random bytes before the message in the ciphertext; default random. */
	random16?: Buffer;
}

/** The HTTP answer to the push: its body and Content-Type. */
export interface PassiveReply {
	body: string;
	contentType: string;
}

function cdata(text: string): string {
	return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function field(message: PushMessage, name: string): string {
	const value = message[name];
	return typeof value === 'string' ? value.trim() : '';
}

/** Refuses anything but a user's message with both addresses; returns the addresses of the reply. */
function replyAddresses(message: PushMessage): { toUser: string; fromUser: string } {
	const msgType = field(message, 'MsgType');
	if (!(TRANSFERABLE_MSG_TYPES as readonly string[]).includes(msgType)) {
		const what = msgType === 'event' ? `an event (${field(message, 'Event') || 'no Event'})` : `MsgType "${msgType || '(none)'}"`;
		throw new InvalidInputError(
			`Only a user's message (MsgType ${TRANSFERABLE_MSG_TYPES.join(', ')}) can be transferred to customer service; this push is ${what}.`,
			'Transfer only customer-service messages: filter the trigger on them, and answer other pushes with success.',
		);
	}
	const toUser = field(message, 'FromUserName');
	const fromUser = field(message, 'ToUserName');
	if (!toUser || !fromUser) {
		throw new InvalidInputError(
			'The push has no FromUserName (the user\'s OpenID) or no ToUserName (the mini program\'s original id), which the reply swaps.',
			'Pass the message exactly as the trigger opened it.',
		);
	}
	return { toUser, fromUser };
}

function plainReply(format: PushFormat, toUser: string, fromUser: string, createTime: number): string {
	if (format === 'json') {
		return JSON.stringify({ ToUserName: toUser, FromUserName: fromUser, CreateTime: createTime, MsgType: TRANSFER_MSG_TYPE });
	}
	return (
		`<xml><ToUserName>${cdata(toUser)}</ToUserName><FromUserName>${cdata(fromUser)}</FromUserName>` +
		`<CreateTime>${createTime}</CreateTime><MsgType>${cdata(TRANSFER_MSG_TYPE)}</MsgType></xml>`
	);
}

function encryptedEnvelope(format: PushFormat, message: string, options: PassiveReplyOptions, timestamp: number): string {
	const secrets = options.secrets;
	const token = requireToken(secrets?.token);
	const key = decodeEncodingAESKey(secrets?.encodingAESKey ?? '');
	const appId = (secrets?.appId ?? '').trim();
	if (!appId) throw new InvalidInputError('App ID is empty: an encrypted reply ends with the App ID.', 'Fill in App ID in the WeChat Mini Program API credential.');
	const nonce = options.nonce ?? '';
	if (!/^[0-9A-Za-z]{1,64}$/.test(nonce)) {
		throw new InvalidInputError('Nonce is missing or not letters and digits: an encrypted reply echoes the push\'s nonce query parameter.', 'Pass the nonce of the push request.');
	}
	const encrypt = encryptMessage(message, key, appId, options.random16);
	const signature = computeSignature([token, String(timestamp), nonce, encrypt]);
	if (format === 'json') return JSON.stringify({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: timestamp, Nonce: nonce });
	return (
		`<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
		`<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
	);
}

/**
 * The reply that transfers the user's message to customer service, in the push's format and the trigger's
 * mode. Throws InvalidInputError for a push that is not a user's message (or lacks its addresses), and
 * PushRejectedError `not_configured` when an encrypted reply lacks the Token or EncodingAESKey.
 */
export function buildTransferCustomerServiceReply(message: PushMessage, options: PassiveReplyOptions): PassiveReply {
	const { toUser, fromUser } = replyAddresses(message);
	const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
	if (!Number.isInteger(now) || now < 0) throw new RangeError('nowSeconds must be a whole number of seconds');
	const plain = plainReply(options.format, toUser, fromUser, now);
	const body = options.mode === 'plaintext' ? plain : encryptedEnvelope(options.format, plain, options, now);
	return { body, contentType: options.format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8' };
}
