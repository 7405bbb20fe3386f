/** The test vectors of docs/wechat-protocol.md §11: WeChat's worked examples (V1–V4) and SDK test suites (V5–V7). */
export const V1 = {
	token: 'AAAAA',
	timestamp: '1714036504',
	nonce: '1514711492',
	echostr: '4375120948345356249',
	signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
};

export const V2 = {
	token: 'AAAAA',
	timestamp: '1714037059',
	nonce: '486452656',
	signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78',
};

export const V3 = {
	token: 'AAAAA',
	encodingAESKey: 'A'.repeat(43),
	appId: 'wxba5fad812f8e6fb9',
	timestamp: '1714112445',
	nonce: '415670741',
	signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
	encrypt:
		'+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
	msgSignature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
	padByte: 19,
	message:
		'{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}',
};

export const V4 = {
	token: 'AAAAA',
	encodingAESKey: 'A'.repeat(43),
	appId: 'wxba5fad812f8e6fb9',
	random: Buffer.from('707722b803182950', 'ascii'),
	message: '{"demo_resp":"good luck"}',
	timestamp: '1713424427',
	nonce: '415670741',
	encrypt: 'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
	msgSignature: '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
};

export const V5 = {
	appId: 'wxb11529c136998cb6',
	token: 'pamtest',
	encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
	timestamp: '1458300676',
	nonce: '260774613',
	encrypt:
		'rTNFcsut4LfGuAFKEUVVpwcaCOTJzOd9twZdIW910jb3k+iicx2uvhttIZ3Qg9Qgty3BEF2xbOrz6boTfb30dMomcgrkTqdFPwnhqbk+kIQ7rZiwny9D7NUrTgA5kpX3KsZvrXzUZyP2x9YOlxbgm572lmxKvM7HAQQhIQ/p6HBmoY30bGXFK0BtIu1pW9TjhOYrLQoU18nWYjWqDA1ynkmOytpv7QRI1P1+0NoxL0q2zO1DgeSvnE8CZGo/o5Ap/WHK5W2RAsinpzN4/LjPnmB6U01I5XCoJoC0GK/yMZycd2Oh8Nq6+wBkC1U85oy0ktOY4nLvsQMLrourmMGdZHuTbqpeJ8Ao/5PRYJ+WBvRUwPfGKBL2+2IKZF49vAJqkcGWSHGE76ZN2erXeuNazf/o9o3lIE3q739o4c8t9QGPe31GT2Go/rOz1BsrASwvauNulCh+++yz+CQzBIuikA==',
	msgSignature: '4f3ad57b6989f09f4eb392acce4f9e93942ed890',
};

export const V6 = {
	appId: 'wxb11529c136998cb6',
	encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
	random: Buffer.from('aaaabbbbccccdddd', 'ascii'),
	message: '我是中文abcd123',
	encrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};

export const V7 = {
	token: 'RMNlACHlV5ThzfRlVS4D4',
	timestamp: 'timestamp',
	nonce: 'nonce',
	encrypt: 'encrypt',
	signature: '8edac0945683c119ee71c9f6256d76c48aa08a96',
};
