/**
 * Every WeChat errcode we know, with its meaning and the user's fix, in one table; the errcodes that
 * code branches on have a name in ERRCODE below. Also the two error types of the protocol layer:
 * WeChatApiError (WeChat or the network said no) and InvalidInputError (we refused before asking).
 * Facts: docs/wechat-protocol.md §6 (errcodes) and §2 (which answers are safe to retry).
 */

/** How the request path treats an errcode. */
export type ErrcodeHandling =
	/** The access token was rejected: drop it (compare-and-invalidate), fetch again, retry once. */
	| 'stale-token'
	/** WeChat refused the call before doing anything; retrying later is safe even for a send. */
	| 'transient-refused'
	/** A final answer: report it. */
	| 'final';

export interface ErrcodeInfo {
	meaning: string;
	fix: string;
	handling: ErrcodeHandling;
}

const WHITELIST_PAGE = 'Development Management → Development Settings → IP Whitelist (开发管理 → 开发设置 → IP白名单)';
const DEV_SETTINGS = 'the mini program console, Development → Development Management → Development Settings (开发 → 开发管理 → 开发设置)';

/** The errcodes that code treats specially, by name, so no other file writes their numbers. */
export const ERRCODE = {
	/** The user has no (remaining) subscription to this template: an everyday outcome of a send. */
	notSubscribed: 43101,
	/** addtemplate: tid invalid or missing; also WeChat's answer when it cannot read the body format. */
	tidInvalid: 200014,
	/** A customer-service reply after the 48-hour window (or to a user who never wrote): an everyday outcome. */
	replyWindowClosed: 45015,
	/** A 6th customer-service reply to one user message: an everyday outcome. */
	replyLimitReached: 45047,
	/** subscribe/send: template_id not of this account (wrong, deleted, another account's). */
	templateIdInvalid: 40037,
	/** subscribe/send: a data value WeChat refuses (the errmsg names the key). */
	dataInvalid: 47003,
} as const;


/** The errcodes /cgi-bin/stable_token answers with (docs/wechat-protocol.md §1); the credential test gives each its fix. */
export const STABLE_TOKEN_ERRCODES: readonly number[] = [
	40002, 40013, 40125, 40164, 40243, 89503, 89506, 89507, 45009, 45011, -1, 50004, 50007,
];

export const ERRCODES: Readonly<Record<number, ErrcodeInfo>> = {
	[-1]: {
		meaning: 'WeChat system busy',
		fix: 'Retry in a few seconds; the node already retried with back-off.',
		handling: 'transient-refused',
	},
	40001: {
		meaning: 'access_token invalid or not the latest',
		fix: 'Another system may be force-refreshing the token or using /cgi-bin/token for this app; let every system use the stable token endpoint.',
		handling: 'stale-token',
	},
	40002: { meaning: 'invalid grant_type', fix: 'This is a bug in the node; please report it.', handling: 'final' },
	40003: {
		meaning: 'touser is not a valid OpenID of this mini program',
		fix: 'Use the OpenID that this mini program (same App ID) obtained for the user, e.g. from wx.login + code2Session.',
		handling: 'final',
	},
	40004: {
		meaning: 'invalid media type',
		fix: 'Upload images only (type image); this is a bug in the node if it happens.',
		handling: 'final',
	},
	40005: {
		meaning: 'invalid file type for this media',
		fix: 'Give a JPEG, PNG or GIF image (check the binary property\'s MIME type).',
		handling: 'final',
	},
	40006: {
		meaning: 'invalid media size',
		fix: 'Give an image of at most 2 MB that is not empty (resize it, e.g. with the Edit Image node).',
		handling: 'final',
	},
	40007: {
		meaning: 'invalid media_id: unknown, of another mini program, or older than 3 days',
		fix: 'Upload the image again (give a binary property instead of a media_id); temporary media expire 3 days after upload.',
		handling: 'final',
	},
	40008: {
		meaning: 'invalid message type',
		fix: 'Use Text, Image, Link or Mini Program Card; this is a bug in the node if it happens.',
		handling: 'final',
	},
	41005: {
		meaning: 'media data missing from the upload',
		fix: 'Check the binary property holds the image; this is a bug in the node if it does.',
		handling: 'final',
	},
	45002: {
		meaning: 'message content too long',
		fix: 'Shorten the text of the reply.',
		handling: 'final',
	},
	45015: {
		meaning: 'reply window closed: the user last wrote more than 48 hours ago, or never wrote',
		fix: 'Customer-service replies are allowed only within 48 hours of the user\'s last message; wait until the user writes again, or use a subscription message the user accepted.',
		handling: 'final',
	},
	45047: {
		meaning: 'reply limit reached: 5 replies to this user message already',
		fix: 'WeChat allows at most 5 replies per user message; wait until the user writes again (a new message allows 5 more).',
		handling: 'final',
	},
	45072: {
		meaning: 'invalid typing command',
		fix: 'Use Typing or CancelTyping.',
		handling: 'final',
	},
	45080: {
		meaning: 'typing is allowed only shortly after a message exchange with the user',
		fix: 'Send Typing right after the user wrote (within about 30 seconds).',
		handling: 'final',
	},
	45081: {
		meaning: 'already typing',
		fix: 'Send a reply or CancelTyping before sending Typing again.',
		handling: 'final',
	},
	76021: {
		meaning: 'cgi_path not found: WeChat has no quota for this API path',
		fix: 'Give the path of an API this mini program calls, as in its URL without host or query, e.g. /cgi-bin/message/subscribe/send.',
		handling: 'final',
	},
	76022: {
		meaning: 'no permission to read the quota of this cgi_path',
		fix: 'The mini program cannot call this API (e.g. an Official Account API); ask about an API it is allowed to call.',
		handling: 'final',
	},
	40013: {
		meaning: 'invalid App ID',
		fix: `Copy the AppID from ${DEV_SETTINGS} → Developer ID (开发者ID) into the credential.`,
		handling: 'final',
	},
	40014: {
		meaning: 'invalid access_token',
		fix: 'The token was rejected; the node fetches a new one automatically. If this persists, check the credential.',
		handling: 'stale-token',
	},
	40037: {
		meaning: 'template_id invalid',
		fix: "Pick a template from this account's list (Template Lookup → Account Template → Get Many); IDs from another account or the public library do not work.",
		handling: 'final',
	},
	40125: {
		meaning: 'invalid App Secret',
		fix: `Copy the AppSecret again from ${DEV_SETTINGS} → Developer ID (开发者ID); reset it there if it was lost.`,
		handling: 'final',
	},
	40164: {
		meaning: "the calling IP is not in the mini program's IP whitelist",
		fix: `Add this n8n host's egress IP (WeChat names it in errmsg) under ${WHITELIST_PAGE}.`,
		handling: 'final',
	},
	40243: {
		meaning: 'the App Secret is frozen',
		fix: `Unfreeze or reset the AppSecret in ${DEV_SETTINGS}.`,
		handling: 'final',
	},
	41001: {
		meaning: 'access_token missing',
		fix: 'This is a bug in the node; please report it.',
		handling: 'final',
	},
	41030: {
		meaning: 'page invalid: it must exist in the released version of the mini program',
		fix: 'Use a page path of the released version (e.g. pages/index/index), or leave Page empty.',
		handling: 'final',
	},
	42001: {
		meaning: 'access_token expired',
		fix: 'The node fetches a new token automatically; if this persists, check the server clock.',
		handling: 'stale-token',
	},
	43002: { meaning: 'HTTP method must be POST', fix: 'This is a bug in the node; please report it.', handling: 'final' },
	43101: {
		meaning: 'the user has no subscription left for this template',
		fix: 'The user never accepted, used up a one-time acceptance, or switched it off. Ask the user to accept again in the mini program (wx.requestSubscribeMessage).',
		handling: 'final',
	},
	43107: {
		meaning: 'subscription messages are banned for this account or template',
		fix: 'Check the mini program console notifications; sending is blocked until WeChat lifts the ban.',
		handling: 'final',
	},
	43108: {
		meaning: 'concurrent sends to the same user',
		fix: 'Send to one OpenID one message at a time; the node already serialises sends per OpenID and retried.',
		handling: 'transient-refused',
	},
	44002: { meaning: 'empty POST body', fix: 'This is a bug in the node; please report it.', handling: 'final' },
	45009: {
		meaning: 'daily API quota reached',
		fix: 'Wait until tomorrow, or reset the quota in the console under API Call Quota (接口调用额度).',
		handling: 'final',
	},
	45011: {
		meaning: 'API minute quota reached',
		fix: 'Slow down (lower Concurrency); the node already retried with back-off.',
		handling: 'transient-refused',
	},
	45168: {
		meaning: 'the message contains sensitive words',
		fix: 'Change the keyword values that WeChat considers sensitive.',
		handling: 'final',
	},
	47001: { meaning: 'request body not parseable', fix: 'This is a bug in the node; please report it.', handling: 'final' },
	47003: {
		meaning: 'template data invalid',
		fix: "Check the keyword named in errmsg against its type's rule (e.g. thing ≤ 20 characters, time like 15:01).",
		handling: 'final',
	},
	48001: {
		meaning: 'API not authorised for this account',
		fix: 'The mini program lacks this permission (not a token problem): check its account type and permissions.',
		handling: 'final',
	},
	50004: { meaning: 'API frozen for this account', fix: 'Check the console notifications.', handling: 'final' },
	50007: { meaning: 'account frozen', fix: 'Check the console notifications.', handling: 'final' },
	89503: {
		meaning: 'this IP awaits the administrator’s confirmation',
		fix: 'Ask the mini program administrator to confirm the IP in the WeChat notification, then retry.',
		handling: 'final',
	},
	89506: {
		meaning: 'this IP was rejected by the administrator',
		fix: 'Retry after 24 hours, or ask the administrator to allow it.',
		handling: 'final',
	},
	89507: {
		meaning: 'this IP was rejected by the administrator',
		fix: 'Retry after 1 hour, or ask the administrator to allow it.',
		handling: 'final',
	},
	20002: {
		meaning: 'a request parameter is invalid (for deltemplate: no template with that priTmplId)',
		fix: 'Check the IDs you passed; take template IDs from Template Lookup → Account Template → Get Many.',
		handling: 'final',
	},
	20001: { meaning: 'WeChat system error', fix: 'Retry later.', handling: 'final' },
	200001: { meaning: 'WeChat system error', fix: 'Retry later.', handling: 'final' },
	200011: { meaning: 'account banned from subscription templates', fix: 'Check the console notifications.', handling: 'final' },
	200012: {
		meaning: 'private template limit reached',
		fix: 'Delete an unused template (Template Lookup → Delete Account Template) before adding another.',
		handling: 'final',
	},
	200013: { meaning: 'template banned', fix: 'Pick another public template.', handling: 'final' },
	200014: {
		meaning: 'public template tid invalid or missing',
		fix: 'Take the tid from Template Lookup → Search Public Templates.',
		handling: 'final',
	},
	200016: { meaning: 'start invalid', fix: 'Use a start ≥ 0.', handling: 'final' },
	200017: { meaning: 'limit invalid', fix: 'Use a limit between 1 and 30.', handling: 'final' },
	200018: {
		meaning: 'category ids missing',
		fix: 'Give at least one category ID (Template Lookup → Category → Get Many).',
		handling: 'final',
	},
	200019: {
		meaning: 'category ids invalid',
		fix: "Use IDs from this account's categories (Template Lookup → Category → Get Many).",
		handling: 'final',
	},
	200020: {
		meaning: 'keyword id list invalid',
		fix: 'Give 2 to 5 keyword IDs (kid) of that public template, in display order.',
		handling: 'final',
	},
	200021: { meaning: 'scene description invalid', fix: 'Describe the scene in at most 15 characters.', handling: 'final' },
	200022: {
		meaning: 'a template with the same title and keywords was already added',
		fix: 'Use the existing template (Template Lookup → Account Template → Get Many).',
		handling: 'final',
	},
	200100: {
		meaning: 'account type invalid: not a mini program',
		fix: 'Use the App ID and App Secret of a mini program, not an official account.',
		handling: 'final',
	},
};

export function describeErrcode(errcode: number): ErrcodeInfo {
	return (
		ERRCODES[errcode] ?? {
			meaning: 'unknown WeChat error',
			fix: 'Look the errcode up in the WeChat documentation; give WeChat support the rid.',
			handling: 'final',
		}
	);
}

/** WeChat ends errmsg with `rid: xxxx-xxxx-xxxx`, the id its support asks for. */
export function extractRid(errmsg: string): string | undefined {
	return /rid:\s*([0-9a-zA-Z-]+)/.exec(errmsg)?.[1];
}

export type FailureKind =
	/** WeChat answered with a non-zero errcode. */
	| 'errcode'
	/** An HTTP status other than 200 (a proxy, a gateway, an outage). */
	| 'http-status'
	/** No answer: connection failed, reset or timed out. */
	| 'network'
	/** An answer that is not the JSON WeChat sends. */
	| 'bad-response';

export interface WeChatApiErrorDetails {
	operation: string;
	kind: FailureKind;
	errcode?: number;
	errmsg?: string;
	httpStatus?: number;
	/** Whether WeChat may have acted on the request (a send may have gone out). */
	outcomeUnknown?: boolean;
	attempts?: number;
}

/** The one error type of the request path. Its message never carries a secret. */
export class WeChatApiError extends Error {
	readonly operation: string;

	readonly kind: FailureKind;

	/** WeChat's errcode; for failures without one, undefined. */
	readonly errcode?: number;

	readonly errmsg: string;

	readonly rid?: string;

	readonly meaning: string;

	readonly fix: string;

	readonly httpStatus?: number;

	readonly outcomeUnknown: boolean;

	readonly attempts: number;

	constructor(details: WeChatApiErrorDetails) {
		const info = errorInfoFor(details);
		const rid = details.errmsg ? extractRid(details.errmsg) : undefined;
		const code = details.errcode !== undefined ? `WeChat errcode ${details.errcode}: ` : '';
		super(`${details.operation} failed: ${code}${info.meaning}. ${info.fix}${rid ? ` (rid: ${rid})` : ''}`);
		this.name = 'WeChatApiError';
		this.operation = details.operation;
		this.kind = details.kind;
		this.errcode = details.errcode;
		this.errmsg = details.errmsg ?? '';
		this.rid = rid;
		this.meaning = info.meaning;
		this.fix = info.fix;
		this.httpStatus = details.httpStatus;
		this.outcomeUnknown = details.outcomeUnknown ?? false;
		this.attempts = details.attempts ?? 1;
	}
}

function errorInfoFor(details: WeChatApiErrorDetails): Pick<ErrcodeInfo, 'meaning' | 'fix'> {
	const unknownOutcome = details.outcomeUnknown
		? ' WeChat may have accepted the request, so it was not retried (a retry could send a message twice); check before sending again.'
		: '';
	switch (details.kind) {
		case 'errcode':
			return describeErrcode(details.errcode ?? 0);
		case 'http-status':
			return {
				meaning: `HTTP ${details.httpStatus ?? '?'} from the WeChat API host`,
				fix: `Check the credential's API Base URL and any proxy in between.${unknownOutcome}`,
			};
		case 'network':
			return {
				meaning: `no answer from the WeChat API host (${details.errmsg ?? 'network error'})`,
				fix: `Check this host's network access to the API Base URL, or raise the request timeout.${unknownOutcome}`,
			};
		case 'bad-response':
			return {
				meaning: 'the WeChat API host answered with something that is not WeChat JSON',
				fix: "Check the credential's API Base URL (a proxy or captive portal may be answering).",
			};
	}
}

/**
 * Input the protocol layer refuses before anything is sent to WeChat: a credential field that is
 * missing, a keyword value WeChat would reject, a template this account does not have. Every
 * protocol function reports bad input this way. `message` names the field and what is wrong,
 * `fix` what to do; `problems` lists every problem found (the message gives the first).
 */
export class InvalidInputError extends Error {
	readonly fix: string;

	readonly problems: readonly string[];

	constructor(message: string, fix: string, problems: readonly string[] = [message]) {
		super(message);
		this.name = 'InvalidInputError';
		this.fix = fix;
		this.problems = problems;
	}
}

/** The one "no such template" error, wherever a template ID is looked up in the account. */
export function templateNotFoundError(templateId: string): InvalidInputError {
	return new InvalidInputError(
		`This mini program has no template with ID "${templateId}"`,
		`Pick the template from the list, or copy its ID from Template Lookup → Account Template → Get Many. IDs of another mini program, of a deleted template or of the public library (tid) do not work (WeChat would answer 40037).`,
	);
}
