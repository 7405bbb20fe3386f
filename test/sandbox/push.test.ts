import {
	buildEventRequest,
	buildVerificationRequest,
	decryptPushMessage,
	encryptPushMessage,
	PUSH_EVENT_SAMPLES,
	pushSignature,
	renderJson,
	renderXml,
	type PushConfig,
	type PushEventSpec,
} from '../../sandbox/push';

// Vectors V1–V7 of docs/wechat-protocol.md §11.
const TOKEN = 'AAAAA';
const AES_KEY = 'A'.repeat(43);
const APP_ID = 'wxba5fad812f8e6fb9';
const V3 = {
	timestamp: '1714112445',
	nonce: '415670741',
	signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
	encrypt:
		'+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
	msgSignature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
	message:
		'{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}',
};
const V5 = {
	appId: 'wxb11529c136998cb6',
	token: 'pamtest',
	aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
	timestamp: '1458300676',
	nonce: '260774613',
	encrypt:
		'rTNFcsut4LfGuAFKEUVVpwcaCOTJzOd9twZdIW910jb3k+iicx2uvhttIZ3Qg9Qgty3BEF2xbOrz6boTfb30dMomcgrkTqdFPwnhqbk+kIQ7rZiwny9D7NUrTgA5kpX3KsZvrXzUZyP2x9YOlxbgm572lmxKvM7HAQQhIQ/p6HBmoY30bGXFK0BtIu1pW9TjhOYrLQoU18nWYjWqDA1ynkmOytpv7QRI1P1+0NoxL0q2zO1DgeSvnE8CZGo/o5Ap/WHK5W2RAsinpzN4/LjPnmB6U01I5XCoJoC0GK/yMZycd2Oh8Nq6+wBkC1U85oy0ktOY4nLvsQMLrourmMGdZHuTbqpeJ8Ao/5PRYJ+WBvRUwPfGKBL2+2IKZF49vAJqkcGWSHGE76ZN2erXeuNazf/o9o3lIE3q739o4c8t9QGPe31GT2Go/rOz1BsrASwvauNulCh+++yz+CQzBIuikA==',
	msgSignature: '4f3ad57b6989f09f4eb392acce4f9e93942ed890',
};

const config = (mode: PushConfig['mode'], format: PushConfig['format']): PushConfig => ({
	token: TOKEN,
	encodingAESKey: AES_KEY,
	appId: APP_ID,
	mode,
	format,
});

describe('push simulator against the official vectors', () => {
	it('V1: GET verification signature and echostr', () => {
		const request = buildVerificationRequest(config('safe', 'json'), {
			timestamp: '1714036504',
			nonce: '1514711492',
			echostr: '4375120948345356249',
		});
		expect(request).toEqual({
			method: 'GET',
			query: {
				signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
				timestamp: '1714036504',
				nonce: '1514711492',
				echostr: '4375120948345356249',
			},
			headers: {},
			body: '',
		});
	});

	it('V2: plaintext POST signature', () => {
		const request = buildEventRequest(config('plaintext', 'json'), PUSH_EVENT_SAMPLES.popupSingle, {
			timestamp: '1714037059',
			nonce: '486452656',
		});
		expect(request.query.signature).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
		expect(request.query).not.toHaveProperty('msg_signature');
	});

	it('V3: decrypts the official safe-mode push (pad 19, message, appid)', () => {
		const decrypted = decryptPushMessage(AES_KEY, V3.encrypt);
		expect(decrypted.padLength).toBe(19);
		expect(decrypted.message).toBe(V3.message);
		expect(decrypted.appId).toBe(APP_ID);
		expect(pushSignature([TOKEN, V3.timestamp, V3.nonce, V3.encrypt])).toBe(V3.msgSignature);
	});

	it('V3: building that event in safe JSON mode with its random gives the official Encrypt, signature and msg_signature', () => {
		const { random16 } = decryptPushMessage(AES_KEY, V3.encrypt);
		const request = buildEventRequest(config('safe', 'json'), JSON.parse(V3.message) as PushEventSpec, {
			timestamp: V3.timestamp,
			nonce: V3.nonce,
			random16,
		});
		expect(request.body).toBe(JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: V3.encrypt }));
		expect(request.query).toEqual({
			signature: V3.signature,
			timestamp: V3.timestamp,
			nonce: V3.nonce,
			openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
			encrypt_type: 'aes',
			msg_signature: V3.msgSignature,
		});
	});

	it('V4: encrypting the official reply with its random gives its Encrypt and MsgSignature', () => {
		const encrypted = encryptPushMessage(AES_KEY, APP_ID, '{"demo_resp":"good luck"}', Buffer.from('707722b803182950', 'ascii'));
		expect(encrypted).toBe('ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==');
		expect(pushSignature([TOKEN, '1713424427', '415670741', encrypted])).toBe('1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1');
	});

	it('V5: decrypts EasyWeChat’s XML text message and re-encrypts it identically', () => {
		const decrypted = decryptPushMessage(V5.aesKey, V5.encrypt);
		expect(decrypted.appId).toBe(V5.appId);
		expect(decrypted.message).toContain('<ToUserName><![CDATA[asdasdasd]]></ToUserName>');
		expect(decrypted.message).toContain('<Content><![CDATA[hello]]></Content>');
		expect(decrypted.message).toContain('<MsgId>12345</MsgId>');
		expect(encryptPushMessage(V5.aesKey, V5.appId, decrypted.message, decrypted.random16)).toBe(V5.encrypt);
		expect(pushSignature([V5.token, V5.timestamp, V5.nonce, V5.encrypt])).toBe(V5.msgSignature);
	});

	it('V6: counts the message length in UTF-8 bytes', () => {
		expect(encryptPushMessage(V5.aesKey, V5.appId, '我是中文abcd123', Buffer.from('aaaabbbbccccdddd', 'ascii'))).toBe(
			'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
		);
	});

	it('V7: signature of arbitrary strings', () => {
		expect(pushSignature(['RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt'])).toBe('8edac0945683c119ee71c9f6256d76c48aa08a96');
	});

	it('pads a plaintext of exactly 32·n bytes with a full block of 32', () => {
		// 16 random + 4 length + 12 message = 32; the appid adds 18, so make the message fill it: 16+4+m+18 = 64 → m = 26.
		const encrypted = encryptPushMessage(AES_KEY, APP_ID, 'x'.repeat(26), Buffer.alloc(16, 0x61));
		const decrypted = decryptPushMessage(AES_KEY, encrypted);
		expect(decrypted.padLength).toBe(32);
		expect(Buffer.from(encrypted, 'base64')).toHaveLength(96);
	});

	it('refuses a malformed EncodingAESKey and a random prefix that is not 16 bytes', () => {
		expect(() => encryptPushMessage('short', APP_ID, 'm', Buffer.alloc(16))).toThrow('43 characters');
		expect(() => encryptPushMessage(AES_KEY, APP_ID, 'm', Buffer.alloc(15))).toThrow('16 bytes');
	});
});

describe('push rendering as WeChat writes it', () => {
	it('renders the official popup XML: CDATA strings, bare numbers, repeated <List> inside the wrapper', () => {
		expect(renderXml(PUSH_EVENT_SAMPLES.popup)).toBe(
			'<xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName>' +
				'<CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_popup_event]]></Event>' +
				'<SubscribeMsgPopupEvent>' +
				'<List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>' +
				'<List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List>' +
				'</SubscribeMsgPopupEvent></xml>',
		);
	});

	it('renders the sent event XML with the 64-bit MsgID and ErrorCode bare', () => {
		const xml = renderXml(PUSH_EVENT_SAMPLES.sent);
		expect(xml).toContain('<SubscribeMsgSentEvent><List>');
		expect(xml).toContain('<MsgID>1864323726461255680</MsgID><ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus>');
		expect(renderXml(PUSH_EVENT_SAMPLES.change)).toContain('<SubscribeMsgChangeEvent><List>');
	});

	it('reproduces the official popup JSON (one item in an array, numbers as strings) with jsonListShape array', () => {
		expect(renderJson(PUSH_EVENT_SAMPLES.popupSingle, 'array')).toBe(
			'{"ToUserName":"gh_123456789abc","FromUserName":"o7esq5OI1Uej6Xixw1lA2H7XDVbc","CreateTime":"1620973045","MsgType":"event",' +
				'"Event":"subscribe_msg_popup_event","List":[{"TemplateId":"hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vBgHn5Ig_Q","SubscribeStatusString":"accept","PopupScene":"0"}]}',
		);
	});

	it('writes List as an object for one item and an array for several by default', () => {
		const sent = renderJson(PUSH_EVENT_SAMPLES.sent);
		expect(sent).toBe(
			'{"ToUserName":"gh_123456789abc","FromUserName":"o7esq5PHRGBQYmeNyfG064wEFVpQ","CreateTime":"1620963428","MsgType":"event",' +
				'"Event":"subscribe_msg_sent_event","List":{"TemplateId":"BEwX0BOT3MqK3Uc5oTU3CGBqzjpndk2jzUOGPv_NQJ8","MsgID":"1864323726461255680","ErrorCode":"0","ErrorStatus":"success"}}',
		);
		const popup = JSON.parse(renderJson(PUSH_EVENT_SAMPLES.popup)) as { List: unknown };
		expect(Array.isArray(popup.List)).toBe(true);
		expect(popup.List).toHaveLength(2);
	});

	it('offers the older wrapper shape and refuses object shape for several items', () => {
		const legacy = JSON.parse(renderJson(PUSH_EVENT_SAMPLES.change, 'wrapper')) as Record<string, unknown>;
		expect(legacy).not.toHaveProperty('List');
		expect(legacy.SubscribeMsgChangeEvent).toEqual([{ TemplateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc', SubscribeStatusString: 'reject' }]);
		expect(() => renderJson(PUSH_EVENT_SAMPLES.popup, 'object')).toThrow('exactly one');
	});

	it('writes the 64-bit MsgId of customer-service messages unquoted and CreateTime as a number', () => {
		const text = renderJson(PUSH_EVENT_SAMPLES.text);
		expect(text).toMatch(/"CreateTime":1714112600,/);
		expect(text).toMatch(/"MsgId":7365081233419403265\}$/);
		expect(String((JSON.parse(text) as { MsgId: number }).MsgId)).not.toBe('7365081233419403265');
		expect(renderXml(PUSH_EVENT_SAMPLES.text)).toContain('<MsgId>7365081233419403265</MsgId>');
	});

	it('passes other events through with their nested objects and arrays', () => {
		const json = JSON.parse(renderJson(PUSH_EVENT_SAMPLES.other)) as Record<string, unknown>;
		expect(json.result).toEqual({ suggest: 'pass', label: 100 });
		expect(json.version).toBe(2);
		const xml = renderXml(PUSH_EVENT_SAMPLES.other);
		expect(xml).toContain('<result><suggest><![CDATA[pass]]></suggest><label>100</label></result>');
		expect(xml).toContain('<detail><strategy><![CDATA[content_model]]></strategy>');
	});

	it('keeps CDATA intact when a value contains ]]>', () => {
		const xml = renderXml({ ToUserName: 'gh_x', Content: 'a]]>b' });
		expect(xml).toBe('<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>');
	});

	it('has every sample the brief names', () => {
		expect(Object.keys(PUSH_EVENT_SAMPLES).sort()).toEqual(
			['change', 'enterSession', 'image', 'miniprogrampage', 'other', 'popup', 'popupAcceptWithAudio', 'popupSingle', 'sent', 'sentFailed', 'sentMulti', 'text'].sort(),
		);
		expect((PUSH_EVENT_SAMPLES.sentFailed.List as Array<Record<string, unknown>>)[0]).toMatchObject({ ErrorCode: 10005, ErrorStatus: 'fail' });
		expect(PUSH_EVENT_SAMPLES.enterSession.Event).toBe('user_enter_tempsession');
	});
});

describe('push modes', () => {
	const opts = { timestamp: '1714112445', nonce: '415670741', random16: Buffer.from('0123456789abcdef') };

	it('plaintext: the message as body, signature/timestamp/nonce/openid in the query, Content-Type by format', () => {
		const xml = buildEventRequest(config('plaintext', 'xml'), PUSH_EVENT_SAMPLES.popup, opts);
		expect(xml.method).toBe('POST');
		expect(xml.headers).toEqual({ 'Content-Type': 'text/xml' });
		expect(xml.body).toBe(renderXml(PUSH_EVENT_SAMPLES.popup));
		expect(xml.query).toEqual({
			signature: pushSignature([TOKEN, opts.timestamp, opts.nonce]),
			timestamp: opts.timestamp,
			nonce: opts.nonce,
			openid: 'otFpruAK8D-E6EfStSYonYSBZ8_4',
		});
		expect(buildEventRequest(config('plaintext', 'json'), PUSH_EVENT_SAMPLES.popup, opts).headers).toEqual({ 'Content-Type': 'application/json' });
	});

	it.each(['xml', 'json'] as const)('safe %s: only ToUserName and Encrypt, msg_signature over the Encrypt text', (format) => {
		const request = buildEventRequest(config('safe', format), PUSH_EVENT_SAMPLES.sent, opts);
		const encrypted =
			format === 'xml'
				? (/^<xml><ToUserName><!\[CDATA\[gh_123456789abc\]\]><\/ToUserName><Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt><\/xml>$/.exec(request.body) as RegExpExecArray)[1]
				: ((JSON.parse(request.body) as { Encrypt: string }).Encrypt);
		if (format === 'json') expect(Object.keys(JSON.parse(request.body) as object)).toEqual(['ToUserName', 'Encrypt']);
		expect(request.query.encrypt_type).toBe('aes');
		expect(request.query.msg_signature).toBe(pushSignature([TOKEN, opts.timestamp, opts.nonce, encrypted]));
		const decrypted = decryptPushMessage(AES_KEY, encrypted);
		expect(decrypted.message).toBe(format === 'xml' ? renderXml(PUSH_EVENT_SAMPLES.sent) : renderJson(PUSH_EVENT_SAMPLES.sent));
		expect(decrypted.appId).toBe(APP_ID);
		expect(decrypted.random16.toString()).toBe('0123456789abcdef');
	});

	it.each(['xml', 'json'] as const)('compatible %s: the plaintext fields and Encrypt side by side', (format) => {
		const request = buildEventRequest(config('compatible', format), PUSH_EVENT_SAMPLES.popupSingle, opts);
		const plain = format === 'xml' ? renderXml(PUSH_EVENT_SAMPLES.popupSingle) : renderJson(PUSH_EVENT_SAMPLES.popupSingle);
		let encrypted: string;
		if (format === 'xml') {
			expect(request.body.startsWith(plain.slice(0, -'</xml>'.length))).toBe(true);
			encrypted = (/<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt><\/xml>$/.exec(request.body) as RegExpExecArray)[1];
		} else {
			const parsed = JSON.parse(request.body) as Record<string, unknown>;
			expect(parsed.Event).toBe('subscribe_msg_popup_event');
			encrypted = parsed.Encrypt as string;
		}
		expect(decryptPushMessage(AES_KEY, encrypted).message).toBe(plain);
		expect(request.query.msg_signature).toBe(pushSignature([TOKEN, opts.timestamp, opts.nonce, encrypted]));
	});

	it('builds every sample in every mode and format', () => {
		for (const [name, sample] of Object.entries(PUSH_EVENT_SAMPLES)) {
			for (const mode of ['plaintext', 'compatible', 'safe'] as const) {
				for (const format of ['xml', 'json'] as const) {
					const request = buildEventRequest(config(mode, format), sample);
					expect({ name, nonEmpty: request.body.length > 0, openid: request.query.openid }).toEqual({
						name,
						nonEmpty: true,
						openid: sample.FromUserName,
					});
				}
			}
		}
	});
});
