/**
 * How WeChat words its errors. Every error answer is HTTP 200 with `{"errcode":N,"errmsg":"... rid: R"}`;
 * `rid` is the request id WeChat support asks for (three groups of 8 hex digits, the first the unix time).
 */
const ERRMSG: Readonly<Record<number, string>> = {
	[-1]: 'system error',
	40001:
		'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
	40002: 'invalid grant_type',
	40003: 'invalid openid',
	40013: 'invalid appid',
	40014: 'invalid access_token',
	40037: 'invalid template_id',
	40125: 'invalid appsecret',
	40164: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist',
	40243: 'AppSecret已被冻结，请登录小程序平台解冻后再次调用。',
	41001: 'access_token missing',
	41002: 'appid missing',
	41004: 'appsecret missing',
	41030: 'invalid page',
	42001:
		'access_token expired, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
	43001: 'require GET method',
	43002: 'require POST method',
	43101: 'user refuse to accept the msg',
	43107: 'subscribe message is banned',
	43108: 'concurrent send to the same user is limited',
	40008: 'invalid message type',
	40035: 'invalid parameter',
	44002: 'empty post data',
	44004: 'empty content',
	45002: 'content size out of limit',
	45009: 'reach max api daily quota limit',
	45011: 'api minute-quota reach limit  mustslower  retry next minute',
	45168: 'keyword hit sensitive words',
	47001: 'data format error',
	47003: 'argument invalid!',
	48001: 'api unauthorized',
	50004: 'api forbidden for abuse',
	50007: 'account frozen',
	89503: 'this IP is waiting for the admin to confirm',
	89506: 'this IP was rejected by the admin, retry in 24 hours',
	89507: 'this IP was rejected by the admin, retry in 1 hour',
	20001: 'system error',
	20002: 'invalid args',
	200001: 'system error',
	200011: 'account is banned',
	200012: 'private template count reach limit',
	200013: 'template is banned',
	200014: 'invalid tid',
	200016: 'invalid start',
	200017: 'invalid limit',
	200018: 'missing ids',
	200019: 'invalid ids',
	200020: 'invalid kidList',
	200021: 'invalid sceneDesc',
	200022: 'template with the same title and keywords already exists',
	200100: 'invalid account type',
	93000: 'invalid webhook url',
};

export function errmsgFor(errcode: number): string {
	return ERRMSG[errcode] ?? 'sandbox fault';
}

let ridCounter = Math.floor(Math.random() * 0xffffffff);

/** WeChat's request id, e.g. `62a99c24-51138160-0f1235a2`; cheap on purpose (no crypto per error). */
export function newRid(nowMs: number): string {
	ridCounter = (ridCounter + 0x9e3779b1) >>> 0;
	const second = (Math.floor(Math.random() * 0xffffffff) >>> 0).toString(16).padStart(8, '0');
	return `${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${ridCounter.toString(16).padStart(8, '0')}-${second}`;
}

/** The JSON text of an error answer; `detail` replaces the table's wording (47003 names the key). */
export function errorBody(errcode: number, nowMs: number, detail?: string): string {
	return JSON.stringify({ errcode, errmsg: `${detail ?? errmsgFor(errcode)} rid: ${newRid(nowMs)}` });
}
