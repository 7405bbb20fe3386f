import type { WeChatHttpRequest, WeChatHttpResponse } from '../../../nodes/WeChat/http';

export const ORDER_TEMPLATE_ID = 'ORDER_SHIPPED_TEMPLATE_0001';
export const ORDER_TEMPLATE = {
	priTmplId: ORDER_TEMPLATE_ID,
	title: '订单发货通知',
	content: '商品名称:{{thing1.DATA}}\n发货时间:{{time2.DATA}}\n订单金额：{{amount3.DATA}}\n配送状态:{{phrase4.DATA}}\n',
	example: '商品名称:机械键盘\n发货时间:2024-05-01 10:00\n订单金额：¥199.00\n配送状态:配送中\n',
	type: 2,
};
export const ENUM_TEMPLATE = {
	priTmplId: 'ENUM_TEMPLATE_0002',
	title: '审核结果通知',
	content: '审核结果:{{enum_string1.DATA}}\n备注:{{thing2.DATA}}\n',
	example: '审核结果:通过\n备注:资料齐全\n',
	type: 3,
	keywordEnumValueList: [{ keywordCode: 'enum_string1.DATA', enumValueList: ['通过', '驳回'] }],
};

export const GOOD_VALUES = { thing1: '机械键盘', time2: '2024-05-01 10:00', amount3: '¥199.00', phrase4: '配送中' };

interface SendRecord {
	body: Record<string, unknown>;
	token: string;
}

/**
 * A scripted WeChat for the send node: stable tokens, gettemplate, and subscribe/send with
 * per-user behaviour (not subscribed, concurrent-send detection), delays and errcode injection.
 */
export class FakeSendWeChat {
	tokenCalls = 0;
	/** Calls answered 40001 because their token was dead. */
	staleTokenRefusals = 0;
	templateCalls = 0;
	sends: SendRecord[] = [];
	/** Sends answered 43108 because another send to the same user was in flight. */
	concurrentRefusals = 0;
	peakInFlight = 0;
	private inFlight = 0;
	private readonly inFlightUsers = new Set<string>();
	private nextMsgid = 1864323726461255680n;
	private currentToken = 'ACCESS-TOKEN-1';
	notSubscribed = new Set<string>();
	/** Errcodes to answer to the next sends, in order, before doing anything. */
	scriptedErrcodes: number[] = [];
	/** An errcode for every stable_token call (e.g. 40125, a rotated App Secret). */
	tokenErrcode: number | undefined;
	/** ms of delay for a send, per call index. */
	delayFor: (sendIndex: number) => number = () => 0;

	/** Makes every current token invalid; the next stable_token call issues a new one. */
	rotateToken(): void {
		this.currentToken = `ACCESS-TOKEN-${this.tokenCalls + 1}`;
		this.tokenDead = true;
	}
	private tokenDead = false;

	http = async (request: WeChatHttpRequest): Promise<WeChatHttpResponse> => {
		const url = new URL(request.url);
		if (url.pathname === '/cgi-bin/stable_token') {
			this.tokenCalls++;
			if (this.tokenErrcode !== undefined) return ok({ errcode: this.tokenErrcode, errmsg: `scripted ${this.tokenErrcode} rid: 8888-9999-0000` });
			if (this.tokenDead) {
				this.currentToken = `ACCESS-TOKEN-${this.tokenCalls}`;
				this.tokenDead = false;
			}
			return ok({ access_token: this.currentToken, expires_in: 7200 });
		}
		const token = url.searchParams.get('access_token') ?? '';
		// WeChat checks the token when it processes the call, so a token can die under a call in flight.
		if (url.pathname === '/cgi-bin/message/subscribe/send') await sleep(this.delayFor(this.sends.length));
		if (token !== this.currentToken || this.tokenDead) {
			this.staleTokenRefusals++;
			return ok({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest rid: 0000-1111-2222' });
		}
		if (url.pathname === '/wxaapi/newtmpl/gettemplate') {
			this.templateCalls++;
			return ok({ errcode: 0, errmsg: 'ok', data: [ORDER_TEMPLATE, ENUM_TEMPLATE] });
		}
		if (url.pathname === '/cgi-bin/message/subscribe/send') return await this.send(JSON.parse(request.body ?? '{}'), token);
		return ok({ errcode: 43002, errmsg: 'unexpected path' });
	};

	private async send(body: Record<string, unknown>, token: string): Promise<WeChatHttpResponse> {
		const index = this.sends.length;
		this.sends.push({ body, token });
		const scripted = this.scriptedErrcodes.shift();
		if (scripted !== undefined) return ok({ errcode: scripted, errmsg: `scripted ${scripted} rid: 5555-6666-7777` });
		const user = String(body.touser);
		if (this.inFlightUsers.has(user)) {
			this.concurrentRefusals++;
			return ok({ errcode: 43108, errmsg: 'concurrent send to the same user' });
		}
		this.inFlightUsers.add(user);
		this.inFlight++;
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		await sleep(this.delayFor(index));
		this.inFlight--;
		this.inFlightUsers.delete(user);
		if (this.notSubscribed.has(user)) return ok({ errcode: 43101, errmsg: 'user refuse to accept the msg rid: 1234-5678-9abc' });
		// The raw text carries the 64-bit msgid unquoted, as WeChat writes it.
		const msgid = (this.nextMsgid++).toString();
		return { statusCode: 200, body: `{"errcode":0,"errmsg":"ok","msgid":${msgid}}` };
	}
}

async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

function ok(body: unknown): WeChatHttpResponse {
	return { statusCode: 200, body: JSON.stringify(body) };
}

export function openid(n: number): string {
	return `oUser${String(n).padStart(23, '0')}`;
}
