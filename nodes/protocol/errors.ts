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
		meaning: 'message content size out of limit (WeChat: "content size out of limit")',
		fix: 'Shorten the text of the reply: the node allows at most 2048 bytes of UTF-8 (about 680 Chinese characters), and WeChat refuses longer ones.',
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
	// URL Link, URL Scheme, Short Link (docs/wechat-protocol.md §14). 40002, 40013 and 43104 mean other
	// things there: links.ts gives its own table.
	40165: {
		meaning: 'path invalid: not a page of the released mini program',
		fix: 'Give a page of the released version (e.g. pages/index/index) without a query; put parameters in Query.',
		handling: 'final',
	},
	40212: {
		meaning: 'query invalid: it must look like k1=v1&k2=v2',
		fix: "Write Query as key=value pairs joined by &, at most 1024 characters of digits, letters and !#$&'()*+,/:;=?@-._~%.",
		handling: 'final',
	},
	44990: {
		meaning: 'too many calls per second (over 100 a second)',
		fix: 'Lower Concurrency and run again.',
		handling: 'final',
	},
	44993: {
		meaning: 'daily limit of 500,000 generated URL Links and URL Schemes reached (shared by both)',
		fix: 'Wait until tomorrow; reuse links instead of generating one per message where you can.',
		handling: 'final',
	},
	85079: {
		meaning: 'the mini program has no released version',
		fix: 'Release a version of the mini program first; links can only open a released mini program.',
		handling: 'final',
	},
	85088: {
		meaning: 'cloud development is not enabled for this mini program',
		fix: 'Enable cloud development (云开发) for the mini program, or do not use the cloud_base (static website) option.',
		handling: 'final',
	},
	85400: {
		meaning: 'limit of 100,000 permanent Short Links (or long-term links) reached',
		fix: 'Generate short-term links (valid 30 days) instead of permanent ones.',
		handling: 'final',
	},
	85401: {
		meaning: 'expiry out of range: it must be more than 1 minute and at most 30 days from now',
		fix: 'Give an expiry time between 1 minute and 30 days ahead, or an interval of 1 to 30 days.',
		handling: 'final',
	},
	85402: {
		meaning: 'env_version invalid',
		fix: 'Use release, trial or develop.',
		handling: 'final',
	},
	85406: {
		meaning: 'daily limit of 3,000,000 opens of URL Links and URL Schemes reached',
		fix: 'Wait until tomorrow; opens are counted for the whole mini program.',
		handling: 'final',
	},
	85407: {
		meaning: 'no permission to generate this link',
		fix: "Check the mini program's account type and its permissions for URL Link / URL Scheme.",
		handling: 'final',
	},
	85408: {
		meaning: 'link generation is banned for this App ID',
		fix: 'Check the console notifications.',
		handling: 'final',
	},
	40066: {
		meaning: 'page_url invalid: no such page in the released mini program',
		fix: 'Give a page of the released version, e.g. pages/index/index?id=1.',
		handling: 'final',
	},
	40225: {
		meaning: 'page title invalid',
		fix: 'Change the page title (WeChat refuses titles with illegal content).',
		handling: 'final',
	},
	// Unlimited mini program code (§15); 40129 and 41030 are wxaCode.ts's own.
	40097: {
		meaning: 'invalid arguments (e.g. env_version is not release, trial or develop)',
		fix: 'Check the fields against the API: env_version must be release, trial or develop.',
		handling: 'final',
	},
	40169: {
		meaning: 'scene invalid: longer than 32 characters, or the body is not JSON',
		fix: 'Give a scene of at most 32 characters.',
		handling: 'final',
	},
	85096: {
		meaning: 'scancode_time is a field reserved by WeChat',
		fix: 'Do not use scancode_time as a parameter name in scene.',
		handling: 'final',
	},
	// Shipping information management (§16).
	10060001: {
		meaning: 'payment order not found',
		fix: 'Check transaction_id, or mchid and out_trade_no (merchant_id and merchant_trade_no for Get Order), of an order paid with WeChat Pay in this mini program.',
		handling: 'final',
	},
	10060002: { meaning: 'the order is already fully shipped and cannot be shipped again', fix: 'Query the order (Get Order) to see its shipping.', handling: 'final' },
	10060003: {
		meaning: 'the order has used its one update and its one re-ship of shipping information',
		fix: 'WeChat allows one update and one re-ship per payment order; query the order (Get Order) to see what it holds, and contact WeChat Pay support to change it further.',
		handling: 'final',
	},
	10060004: {
		meaning: 'the order is in a state that cannot be shipped (e.g. receipt confirmed, refunded)',
		fix: 'Query the order (Get Order) and check order_state; only orders awaiting shipment or shipped can take shipping information.',
		handling: 'final',
	},
	10060005: { meaning: 'logistics_type invalid', fix: 'Use 1 express, 2 same-city delivery, 3 virtual goods or 4 pick-up.', handling: 'final' },
	10060006: { meaning: 'split delivery is allowed only for express (logistics_type 1)', fix: 'Use delivery mode unified, or logistics type express.', handling: 'final' },
	10060007: { meaning: 'is_all_delivered missing in split delivery', fix: 'Say whether every parcel has been shipped (is_all_delivered).', handling: 'final' },
	10060008: { meaning: 'item_desc empty', fix: 'Describe the goods of each parcel (item_desc, at most 120 characters).', handling: 'final' },
	10060009: { meaning: 'item_desc longer than 120 characters', fix: 'Shorten item_desc to at most 120 characters.', handling: 'final' },
	10060012: { meaning: 'WeChat system error', fix: 'Query the order (Get Order) before uploading again.', handling: 'final' },
	10060014: { meaning: 'parameter error (errmsg names it)', fix: 'Correct the field WeChat names in errmsg.', handling: 'final' },
	10060019: { meaning: 'WeChat system error', fix: 'Query the order (Get Order) before uploading again.', handling: 'final' },
	10060020: { meaning: 'shipping cannot be completed without an item description', fix: 'Give item_desc for every parcel.', handling: 'final' },
	10060023: { meaning: 'shipping information not updated: nothing changed', fix: 'The order already holds this shipping information; nothing to do.', handling: 'final' },
	10060024: { meaning: 'shipping_list has more than 15 parcels', fix: 'Upload at most 15 parcels per order.', handling: 'final' },
	10060025: { meaning: 'express_company longer than 128 bytes', fix: 'Give the carrier as its delivery_id (e.g. SF, YTO) from Get Delivery Companies.', handling: 'final' },
	10060026: { meaning: 'tracking_no longer than 128 bytes', fix: 'Give the waybill number as the carrier prints it.', handling: 'final' },
	10060031: {
		meaning: 'the order does not belong to payer.openid',
		fix: 'Give the OpenID of the user who paid for the order (Get Order shows it).',
		handling: 'final',
	},
	268485194: { meaning: 'order_number_type invalid', fix: 'Use 1 (mchid + out_trade_no) or 2 (transaction_id).', handling: 'final' },
	268485195: { meaning: 'transaction_id empty', fix: 'Give the WeChat Pay transaction_id of the order.', handling: 'final' },
	268485196: { meaning: 'mchid empty', fix: 'Give the merchant ID (mchid) with out_trade_no.', handling: 'final' },
	268485197: { meaning: 'out_trade_no empty', fix: "Give the merchant's order number (out_trade_no) with mchid.", handling: 'final' },
	268485216: {
		meaning: 'upload_time is not an RFC 3339 time',
		fix: 'Give the time with its offset, e.g. 2024-05-01T15:01:00.000+08:00.',
		handling: 'final',
	},
	268485224: { meaning: 'delivery_mode invalid', fix: 'Use 1 unified delivery or 2 split delivery.', handling: 'final' },
	268485226: { meaning: 'tracking_no empty for an express delivery', fix: 'Give the waybill number of each parcel.', handling: 'final' },
	268485227: { meaning: 'express_company empty for an express delivery', fix: 'Give the carrier of each parcel as its delivery_id (e.g. SF, YTO).', handling: 'final' },
	268485228: { meaning: 'unified delivery needs exactly one parcel in shipping_list', fix: 'Give one parcel, or use split delivery (express only).', handling: 'final' },
	61003: { meaning: 'the service provider is not authorised for this permission set (18 or 142)', fix: 'Ask the mini program to authorise the permission set to the provider.', handling: 'final' },
	61004: { meaning: "the calling IP is not in the service provider's IP whitelist", fix: "Add this n8n host's egress IP to the provider's whitelist.", handling: 'final' },
	61011: { meaning: 'invalid service provider', fix: 'Check the provider (component) account.', handling: 'final' },
	9300513: { meaning: 'express API quota used up', fix: 'Wait for the quota to reset; the carrier list changes rarely, so cache it.', handling: 'final' },
	// Content security (§17); 40003, 40129 and 43104 are contentSecurity.ts's own.
	44991: {
		meaning: 'minute limit reached (content checks: 4,000 a minute)',
		fix: 'Lower Concurrency and run again.',
		handling: 'final',
	},
	61010: {
		meaning: 'the user has not visited the mini program in the last 2 hours (WeChat: "code is expired")',
		fix: 'Check content only for a user who used the mini program within the last 2 hours, e.g. right after the user submitted it.',
		handling: 'final',
	},
	87014: {
		meaning: 'the content is risky (the answer of the old version 1 check)',
		fix: 'Change the content; the node uses version 2, which reports risk in suggest instead.',
		handling: 'final',
	},
};

/** Meanings of one API's errcodes where they differ from (or add to) the shared table: a number such as 40129 means another thing per API. */
export type ErrcodeTable = Readonly<Record<number, ErrcodeInfo>>;

/** What an errcode means; `overrides` (the API's own table) wins over the shared one. */
export function describeErrcode(errcode: number, overrides?: ErrcodeTable): ErrcodeInfo {
	return (
		overrides?.[errcode] ??
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
	/** The API's own errcode meanings (see ErrcodeTable). */
	errcodes?: ErrcodeTable;
	/** What to do before trying again when the outcome is unknown, for calls where "check before sending again" is too vague (e.g. query the order first). */
	outcomeUnknownFix?: string;
	/** Meaning and fix of a failure without errcode where the generic wording would mislead (e.g. an answer that is neither an image nor JSON). */
	explanation?: { meaning: string; fix: string };
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
	const unknownOutcome = !details.outcomeUnknown
		? ''
		: details.outcomeUnknownFix === undefined
			? ' WeChat may have accepted the request, so it was not retried (a retry could send a message twice); check before sending again.'
			: ` WeChat may have accepted the request, so it was not retried: ${details.outcomeUnknownFix}`;
	if (details.kind !== 'errcode' && details.explanation) {
		return { meaning: details.explanation.meaning, fix: `${details.explanation.fix}${unknownOutcome}` };
	}
	switch (details.kind) {
		case 'errcode':
			return describeErrcode(details.errcode ?? 0, details.errcodes);
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
