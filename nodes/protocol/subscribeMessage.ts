/**
 * subscribeMessage.send: turning keyword values into a checked request body, and sending it.
 * Validation happens here, before anything leaves the process (WeChat would answer 47003).
 */
import type { WeChatClient } from './client';
import { InvalidInputError } from './errors';
import { describeKeywordProblem, keywordLabel, truncateThing, validateKeywordValue } from './keywords';
import type { AccountTemplate } from './templateParsing';

export const MINIPROGRAM_STATES = ['formal', 'trial', 'developer'] as const;
export type MiniprogramState = (typeof MINIPROGRAM_STATES)[number];

export const MESSAGE_LANGUAGES = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

export interface SubscribeMessageInput {
	touser: string;
	templateId: string;
	/** Keyword key → value, e.g. `{ thing1: '键盘', time2: '2024-05-01 10:00' }`. */
	values: Record<string, unknown>;
	page?: string;
	miniprogramState?: MiniprogramState;
	lang?: MessageLanguage;
}

/** The JSON body of subscribeMessage.send. */
export interface SubscribeMessageBody {
	touser: string;
	template_id: string;
	page?: string;
	data: Record<string, { value: string }>;
	miniprogram_state?: MiniprogramState;
	lang?: MessageLanguage;
}

export interface TruncatedValue {
	key: string;
	originalLength: number;
}

export interface PreparedMessage {
	body: SubscribeMessageBody;
	truncated: TruncatedValue[];
}

const OPENID = /^[A-Za-z0-9_-]{6,64}$/;

/**
 * Checks every input against the template and each keyword's rule, and builds the body. Throws
 * InvalidInputError listing every problem found, so one run shows the user all there is to fix.
 */
export function prepareSubscribeMessage(
	input: SubscribeMessageInput,
	template: AccountTemplate,
	options: { truncateLongValues: boolean },
): PreparedMessage {
	const problems: string[] = [];
	const touser = input.touser.trim();
	if (!touser) problems.push('Recipient OpenID is empty: map the OpenID of the user (e.g. {{ $json.openid }}).');
	else if (!OPENID.test(touser))
		problems.push(`Recipient OpenID "${touser}" is not an OpenID (letters, digits, - and _ only).`);
	const page = input.page?.trim();
	if (page && (page.startsWith('/') || /\s/.test(page)))
		problems.push(`Page "${page}" must be a page path like pages/order/detail?id=1 (no leading slash, no spaces).`);

	const keywords = template.keywords;
	const data: Record<string, { value: string }> = {};
	const truncated: TruncatedValue[] = [];
	const known = new Set(keywords.map((k) => k.key));
	for (const key of Object.keys(input.values)) {
		if (!known.has(key)) {
			problems.push(`Template "${template.title}" has no keyword ${key}; its keywords are ${[...known].join(', ')}.`);
		}
	}
	for (const keyword of keywords) {
		const raw = input.values[keyword.key];
		if (raw === undefined || raw === null || raw === '') {
			problems.push(`Keyword ${keywordLabel(keyword)} has no value: every keyword of the template is required.`);
			continue;
		}
		let value = typeof raw === 'string' ? raw : String(raw);
		if (options.truncateLongValues && keyword.type === 'thing') {
			const cut = truncateThing(value);
			if (cut.truncated) truncated.push({ key: keyword.key, originalLength: cut.originalLength });
			value = cut.value;
		}
		const problem = validateKeywordValue(keyword, value);
		if (problem) problems.push(describeKeywordProblem(problem));
		data[keyword.key] = { value };
	}
	if (problems.length > 0) {
		throw new InvalidInputError(
			problems[0],
			'Correct the mapped value in the node (or the input item) and run again; nothing was sent for this item.',
			problems,
		);
	}

	const body: SubscribeMessageBody = { touser, template_id: input.templateId.trim(), data };
	if (page) body.page = page;
	if (input.miniprogramState && input.miniprogramState !== 'formal') body.miniprogram_state = input.miniprogramState;
	if (input.lang && input.lang !== 'zh_CN') body.lang = input.lang;
	return { body, truncated };
}

/** Sends one message; resolves with WeChat's msgid as an exact string. */
export async function sendSubscribeMessage(client: Pick<WeChatClient, 'call'>, body: SubscribeMessageBody): Promise<string> {
	const answer = await client.call<{ msgid?: unknown }>({
		method: 'POST',
		path: '/cgi-bin/message/subscribe/send',
		json: body,
		retry: 'not-accepted-only',
		operation: 'Send Subscription Message',
	});
	return answer.msgid === undefined || answer.msgid === null ? '' : String(answer.msgid);
}

/** Example of a Template Data (JSON) object, for messages that ask for one. */
export const DATA_JSON_EXAMPLE = '{"thing1": {"value": "键盘"}, "time2": {"value": "2024-05-01 10:00"}}';

/** Reads a raw JSON `data` object: `{ "thing1": { "value": "x" } }` or the short `{ "thing1": "x" }`. */
export function valuesFromDataJson(data: unknown): Record<string, unknown> {
	if (typeof data !== 'object' || data === null || Array.isArray(data))
		throw new InvalidInputError(
			'Template Data (JSON) must be an object',
			`Write an object like ${DATA_JSON_EXAMPLE}, or the short form {"thing1": "键盘"}.`,
		);
	const values: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
		values[key] = typeof entry === 'object' && entry !== null && 'value' in entry ? (entry as { value: unknown }).value : entry;
	}
	return values;
}
