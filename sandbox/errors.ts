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
	// Links, codes, shipping, content check (docs/wechat-protocol.md §14–§17).
	40066: 'invalid url',
	40097: 'invalid args',
	40129: 'invalid scene',
	40165: 'invalid weapp pagepath',
	40169: 'invalid length for scene, or the data is not json string',
	40212: 'invalid query',
	40225: 'invalid page title',
	61010: 'code is expired',
	85088: 'no cloud dev env',
	85096: 'not allow include scancode_time field',
	85400: 'long time link count reach limit',
	85401: 'time limit between 1min and 30days',
	85402: 'invalid env_version',
	87014: 'risky content',
	10060001: '支付单不存在',
	10060003: '订单已达到发货信息更新和重新发货次数上限',
	10060004: '支付单处于不可发货的状态',
	10060005: '物流类型有误',
	10060006: '非快递发货时不允许分拆发货',
	10060007: '分拆发货模式下必须填写 is_all_delivered 字段',
	10060008: '商品描述字段不能为空',
	10060009: '商品描述字段长度不能超过 120 字',
	10060014: '参数错误',
	10060023: '发货信息未更新',
	10060024: '物流信息列表过长，物流在分拆发货模式下数量不可大于 15',
	10060025: '物流公司编码过长',
	10060026: '物流单号过长',
	10060031: '该订单不属于该用户',
	268485194: '订单单号类型有误',
	268485195: '微信支付单号形式下微信支付单号为空',
	268485196: '商户侧单号形式下商户号为空',
	268485197: '商户侧单号形式下商户侧单号为空',
	268485216: '上传时间非法，请按照 RFC 3339 格式填写',
	268485224: '发货模式非法',
	268485226: '物流单号为空',
	268485227: '物流公司编码为空',
	268485228: '统一发货模式下，物流信息列表长度必须为 1',
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
