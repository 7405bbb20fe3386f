/**
 * Customer-service messages (客服消息): a reply to a user who wrote to the mini program, and the typing
 * indicator. WeChat accepts replies only within 48 hours of the user's last message and at most 5 per
 * user message (docs/wechat-protocol.md §12); past those it answers 45015 / 45047, which the node reports
 * on the item as everyday outcomes.
 */
import type { WeChatClient } from './client';
import { ERRCODE, InvalidInputError, WeChatApiError } from './errors';

export const CUSTOMER_SERVICE_MSG_TYPES = ['text', 'image', 'link', 'miniprogrampage'] as const;
export type CustomerServiceMsgType = (typeof CUSTOMER_SERVICE_MSG_TYPES)[number];

/** What the node asks for, per message type (camelCase; the body uses WeChat's names). */
export type CustomerServiceMessage =
	| { msgtype: 'text'; content: string }
	| { msgtype: 'image'; mediaId: string }
	| { msgtype: 'link'; title: string; description: string; url: string; thumbUrl: string }
	| { msgtype: 'miniprogrampage'; title: string; pagepath: string; thumbMediaId: string };

/** The JSON body of /cgi-bin/message/custom/send. */
export type CustomerServiceBody = { touser: string } & (
	| { msgtype: 'text'; text: { content: string } }
	| { msgtype: 'image'; image: { media_id: string } }
	| { msgtype: 'link'; link: { title: string; description: string; url: string; thumb_url: string } }
	| { msgtype: 'miniprogrampage'; miniprogrampage: { title: string; pagepath: string; thumb_media_id: string } }
);

export const TYPING_COMMANDS = ['Typing', 'CancelTyping'] as const;
export type TypingCommand = (typeof TYPING_COMMANDS)[number];

/**
 * The longest text reply, in UTF-8 bytes. WeChat documents no figure for mini-program (or Official
 * Account) customer-service text; 2048 bytes is WeCom's documented limit for its text messages, and
 * WeChat refuses content over its limit with 45002 "content size out of limit" (the global return code).
 * Checked before sending, so a long text never spends one of the user's 5 replies nor stops a batch
 * halfway. (docs/wechat-protocol.md §19.)
 */
export const CUSTOMER_SERVICE_TEXT_MAX_BYTES = 2048;

const OPENID = /^[A-Za-z0-9_-]{6,64}$/;
const HTTP_URL = /^https?:\/\/\S+$/i;

/** The recipient check every customer-service call shares; pushes an English problem naming the field. */
function checkOpenId(touser: string, problems: string[]): void {
	if (!touser) problems.push('Recipient OpenID is empty: map the OpenID of the user who wrote (e.g. {{ $json.openid }} from the trigger).');
	else if (!OPENID.test(touser)) problems.push(`Recipient OpenID "${touser}" is not an OpenID (letters, digits, - and _ only).`);
}

function required(value: string, label: string, problems: string[]): string {
	const trimmed = value.trim();
	if (!trimmed) problems.push(`${label} is empty: it is required for this message type.`);
	return trimmed;
}

function checkTextSize(content: string, problems: string[]): void {
	const bytes = Buffer.byteLength(content, 'utf8');
	if (bytes > CUSTOMER_SERVICE_TEXT_MAX_BYTES) {
		problems.push(
			`Text has ${bytes} bytes of UTF-8; the limit is ${CUSTOMER_SERVICE_TEXT_MAX_BYTES} (a Chinese character takes 3 bytes): WeChat refuses longer text with errcode 45002 (content size out of limit). Shorten it, or split it into several replies.`,
		);
	}
}

/**
 * Checks a reply and builds its body. Throws InvalidInputError listing every problem, before anything
 * is sent (so no reply of the user's 5 is spent on a message WeChat would refuse).
 */
export function prepareCustomerServiceMessage(touserInput: string, message: CustomerServiceMessage): CustomerServiceBody {
	const problems: string[] = [];
	const touser = touserInput.trim();
	checkOpenId(touser, problems);
	let body: CustomerServiceBody;
	switch (message.msgtype) {
		case 'text':
			// Not trimmed: spacing and line breaks are part of the reply. WeChat's mini-program links
			// (<a href=… data-miniprogram-appid=… data-miniprogram-path=…>) travel inside the text as they are.
			if (message.content.trim() === '') problems.push('Text is empty: write the reply the user should read.');
			else checkTextSize(message.content, problems);
			body = { touser, msgtype: 'text', text: { content: message.content } };
			break;
		case 'image':
			body = { touser, msgtype: 'image', image: { media_id: required(message.mediaId, 'Image media_id', problems) } };
			break;
		case 'link': {
			const url = required(message.url, 'Link URL', problems);
			if (url && !HTTP_URL.test(url)) problems.push(`Link URL "${url}" must start with http:// or https://.`);
			const thumbUrl = required(message.thumbUrl, 'Link Thumbnail URL', problems);
			if (thumbUrl && !HTTP_URL.test(thumbUrl)) problems.push(`Link Thumbnail URL "${thumbUrl}" must start with http:// or https://.`);
			body = {
				touser,
				msgtype: 'link',
				link: {
					title: required(message.title, 'Link Title', problems),
					description: required(message.description, 'Link Description', problems),
					url,
					thumb_url: thumbUrl,
				},
			};
			break;
		}
		case 'miniprogrampage': {
			const pagepath = required(message.pagepath, 'Mini Program Page Path', problems);
			if (/\s/.test(pagepath)) problems.push(`Mini Program Page Path "${pagepath}" must be a page path like pages/order/detail?id=1 (no spaces).`);
			body = {
				touser,
				msgtype: 'miniprogrampage',
				miniprogrampage: {
					title: required(message.title, 'Mini Program Card Title', problems),
					pagepath,
					thumb_media_id: required(message.thumbMediaId, 'Card thumbnail media_id', problems),
				},
			};
			break;
		}
		default:
			throw new InvalidInputError(
				`Message Type "${String((message as { msgtype?: unknown }).msgtype)}" is not one of ${CUSTOMER_SERVICE_MSG_TYPES.join(', ')}`,
				'Pick Text, Image, Link or Mini Program Card.',
			);
	}
	if (problems.length > 0) {
		throw new InvalidInputError(problems[0], 'Correct the field in the node (or the input item) and run again; nothing was sent for this item.', problems);
	}
	return body;
}

/** Sends one reply. A change at WeChat: never resent when the answer was lost (it may have reached the user). */
export async function sendCustomerServiceMessage(client: Pick<WeChatClient, 'call'>, body: CustomerServiceBody): Promise<void> {
	await client.call({
		method: 'POST',
		path: '/cgi-bin/message/custom/send',
		json: body,
		retry: 'not-accepted-only',
		operation: 'Send Customer Service Message',
	});
}

/** Shows (or cancels) "typing…" in the user's chat. Repeating it is harmless, so a lost answer may be retried. */
export async function setTyping(client: Pick<WeChatClient, 'call'>, touserInput: string, command: TypingCommand): Promise<void> {
	const problems: string[] = [];
	const touser = touserInput.trim();
	checkOpenId(touser, problems);
	if (!(TYPING_COMMANDS as readonly string[]).includes(command)) problems.push(`Command "${String(command)}" is not Typing or CancelTyping.`);
	if (problems.length > 0) throw new InvalidInputError(problems[0], 'Correct the field in the node and run again.', problems);
	await client.call({
		method: 'POST',
		path: '/cgi-bin/message/custom/typing',
		json: { touser, command },
		retry: 'idempotent',
		operation: 'Set Typing',
	});
}

/** setTyping, with the everyday refusals (45015, 45047) given back instead of thrown; other failures throw. */
export async function setTypingUnlessRefused(
	client: Pick<WeChatClient, 'call'>,
	touser: string,
	command: TypingCommand,
): Promise<WeChatApiError | undefined> {
	return await setTyping(client, touser, command).then(
		() => undefined,
		(error: unknown) => (customerServiceOutcome(error) !== undefined ? (error as WeChatApiError) : Promise.reject(error)),
	);
}

/**
 * The everyday refusals of a reply, by the reason a failure item gives them: `window_closed` (45015,
 * the user's last message is over 48 hours old, or the user never wrote) and `reply_limit` (45047, 5
 * replies to this user message already). Undefined for any other failure.
 */
export function customerServiceOutcome(error: unknown): 'window_closed' | 'reply_limit' | undefined {
	if (!(error instanceof WeChatApiError)) return undefined;
	if (error.errcode === ERRCODE.replyWindowClosed) return 'window_closed';
	if (error.errcode === ERRCODE.replyLimitReached) return 'reply_limit';
	return undefined;
}
