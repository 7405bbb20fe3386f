export type PushMode = 'plaintext' | 'compatible' | 'safe';

export type PushFormat = 'xml' | 'json';

/** Every setting of the console's 消息推送 page: each encryption mode with each data format. */
export const PUSH_SETTINGS: ReadonlyArray<readonly [PushMode, PushFormat]> = (['plaintext', 'compatible', 'safe'] as const).flatMap((mode) =>
	(['xml', 'json'] as const).map((format) => [mode, format] as const),
);

/** What the mini program console's 消息推送 page holds, plus the AppID the ciphertext ends with. */
export interface PushConfig {
	token: string;
	encodingAESKey: string;
	appId: string;
	mode: PushMode;
	format: PushFormat;
}

/** An HTTP request exactly as WeChat would send it to the webhook; `query` is added to the webhook URL. */
export interface BuiltPushRequest {
	method: 'GET' | 'POST';
	query: Record<string, string>;
	headers: Record<string, string>;
	body: string;
}

/**
 * A push in WeChat's own field names: ToUserName, FromUserName, CreateTime, MsgType, Event, …, and for the
 * subscription events `List`, an array of items (TemplateId, SubscribeStatusString, PopupScene, MsgID, …).
 * JS numbers render bare; 64-bit ids are given as digit strings.
 */
export type PushEventSpec = Record<string, unknown>;

/**
 * Where a JSON push puts its subscription items. 'auto' (WeChat's usual): `List` as an object for one item,
 * an array for several; 'array' always an array (as in the official popup JSON example); 'object' a single
 * object; 'wrapper' the older documented `"SubscribeMsgPopupEvent": [...]` form.
 */
export type JsonListShape = 'auto' | 'array' | 'object' | 'wrapper';
