/**
 * Text content security check (msg_sec_check, version 2): whether a user's text may be published. A
 * check changes nothing, so it is retried like a read. Facts: docs/wechat-protocol.md §17.
 *
 * In version 2 a risky text is not an error: WeChat answers errcode 0 with result.suggest risky or review
 * (version 1 answered 87014). The user must have used the mini program within the last 2 hours (61010).
 */
import type { WeChatClient } from './client';
import { InvalidInputError, WeChatApiError, type ErrcodeTable } from './errors';

/** content: at most 2,500 characters (字). */
export const CONTENT_MAX_CHARACTERS = 2500;

/** Where the text appears; decides WeChat's strictness. */
export const CONTENT_SCENES = { profile: 1, comment: 2, forum: 3, socialLog: 4 } as const;
export type ContentScene = (typeof CONTENT_SCENES)[keyof typeof CONTENT_SCENES];

/** The labels of WeChat's label table. */
export const CONTENT_LABELS: Readonly<Record<number, string>> = {
	100: 'normal',
	10001: 'ads',
	20001: 'politics',
	20002: 'porn',
	20003: 'abuse',
	20006: 'crime',
	20008: 'fraud',
	20012: 'vulgar',
	20013: 'copyright',
	21000: 'other',
};

export type ContentSuggest = 'pass' | 'review' | 'risky';

export interface TextCheckInput {
	content: string;
	/** 1 profile, 2 comment, 3 forum, 4 social log. */
	scene: number;
	/** The author, who must have used the mini program within 2 hours. */
	openid: string;
	title?: string;
	nickname?: string;
	/** The author's profile signature; WeChat reads it only in scene 1. */
	signature?: string;
}

/** The JSON body of /wxa/msg_sec_check. */
export interface TextCheckBody {
	content: string;
	version: 2;
	scene: number;
	openid: string;
	title?: string;
	nickname?: string;
	signature?: string;
}

export interface TextCheckDetail {
	strategy: string;
	/** Only a detail with errcode 0 is a result. */
	errcode: number;
	suggest: string | null;
	label: number | null;
	labelName: string | null;
	prob?: number;
	keyword?: string;
	level?: number;
}

export interface TextCheckResult {
	suggest: ContentSuggest;
	label: number;
	labelName: string;
	/** suggest is pass. */
	passed: boolean;
	traceId: string | null;
	detail: TextCheckDetail[];
}

/** Errcodes that mean something else here than elsewhere (the rest are in errors.ts). */
export const CONTENT_CHECK_ERRCODES: ErrcodeTable = {
	40003: { meaning: 'openid invalid', fix: 'Give the OpenID, of this mini program, of the user who wrote the text.', handling: 'final' },
	40129: { meaning: 'scene invalid: it must be 1 to 4', fix: 'Use 1 profile, 2 comment, 3 forum or 4 social log.', handling: 'final' },
	43104: { meaning: 'the openid does not belong to this App ID', fix: 'Give an OpenID this mini program obtained for the user.', handling: 'final' },
	// Refused before checking anything.
	44991: {
		meaning: 'minute limit of 4,000 checks reached',
		fix: 'Lower Concurrency; the node already retried with back-off.',
		handling: 'transient-refused',
	},
	45009: { meaning: 'daily limit of 2,000,000 checks reached', fix: 'Wait until tomorrow.', handling: 'final' },
};

const FIX = 'Correct the field in the node (or the input item) and run again; nothing was sent to WeChat for this item.';

export function contentLabelName(label: number): string {
	return CONTENT_LABELS[label] ?? 'unknown';
}

/** Checks a content check request and builds its body; throws InvalidInputError listing every problem. */
export function prepareTextCheck(input: TextCheckInput): TextCheckBody {
	const problems: string[] = [];
	const content = typeof input.content === 'string' ? input.content : '';
	const characters = [...content].length;
	if (content.trim() === '') problems.push('Content is empty: give the text to check.');
	else if (characters > CONTENT_MAX_CHARACTERS) {
		problems.push(`Content has ${characters} characters; WeChat checks at most ${CONTENT_MAX_CHARACTERS}: split the text and check each part.`);
	}
	if (!(Object.values(CONTENT_SCENES) as number[]).includes(input.scene)) {
		problems.push(`Scene is ${String(input.scene)}; use 1 profile, 2 comment, 3 forum or 4 social log (errcode 40129 otherwise).`);
	}
	const openid = typeof input.openid === 'string' ? input.openid.trim() : '';
	if (!openid) problems.push('OpenID is empty: give the OpenID of the user who wrote the text (who must have used the mini program within 2 hours).');
	else if (!/^[A-Za-z0-9_-]{6,128}$/.test(openid)) problems.push(`OpenID "${openid}" is not an OpenID (letters, digits, - and _ only).`);
	if (problems.length > 0) throw new InvalidInputError(problems[0], FIX, problems);
	const body: TextCheckBody = { content, version: 2, scene: input.scene, openid };
	for (const field of ['title', 'nickname', 'signature'] as const) {
		const value = input[field];
		if (typeof value === 'string' && value !== '') body[field] = value;
	}
	return body;
}

function object(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

function parseDetail(value: unknown): TextCheckDetail {
	const entry = object(value) ?? {};
	const label = numberOr(entry.label, null);
	const detail: TextCheckDetail = {
		strategy: typeof entry.strategy === 'string' ? entry.strategy : '',
		errcode: numberOr(entry.errcode, 0),
		suggest: typeof entry.suggest === 'string' ? entry.suggest : null,
		label,
		labelName: label === null ? null : contentLabelName(label),
	};
	const prob = numberOr(entry.prob, undefined);
	if (prob !== undefined) detail.prob = prob;
	if (typeof entry.keyword === 'string') detail.keyword = entry.keyword;
	const level = numberOr(entry.level, undefined);
	if (level !== undefined) detail.level = level;
	return detail;
}

/** msg_sec_check's answer as a result; undefined when it has no valid `result`. */
export function parseTextCheck(answer: Record<string, unknown>): TextCheckResult | undefined {
	const result = object(answer.result);
	const suggest = result?.suggest;
	const label = numberOr(result?.label, null);
	if ((suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') || label === null) return undefined;
	return {
		suggest,
		label,
		labelName: contentLabelName(label),
		passed: suggest === 'pass',
		traceId: typeof answer.trace_id === 'string' ? answer.trace_id : null,
		detail: Array.isArray(answer.detail) ? answer.detail.map(parseDetail) : [],
	};
}

/** Checks one text. A risky or review result is a result, not an error. */
export async function checkText(client: Pick<WeChatClient, 'call'>, body: TextCheckBody): Promise<TextCheckResult> {
	const operation = 'Check Text Content';
	const answer = await client.call<Record<string, unknown>>({
		method: 'POST',
		path: '/wxa/msg_sec_check',
		json: body,
		retry: 'idempotent',
		operation,
		errcodes: CONTENT_CHECK_ERRCODES,
	});
	const result = parseTextCheck(answer);
	if (!result) throw new WeChatApiError({ operation, kind: 'bad-response' });
	return result;
}
