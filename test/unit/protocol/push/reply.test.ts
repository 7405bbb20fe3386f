/**
 * The transfer_customer_service passive reply: the plain form checked against WeChat's documented XML
 * sample shape, the encrypted forms opened with an implementation of WeChat's envelope written here on
 * node:crypto alone (AES-256-CBC, key = base64(EncodingAESKey + '='), IV = key[0..16), PKCS#7 to 32,
 * random16 ‖ uint32BE length ‖ message ‖ AppID) and their MsgSignature recomputed.
 */
import { createDecipheriv, createHash } from 'node:crypto';

import { InvalidInputError } from '../../../../nodes/protocol/errors';
import { PushRejectedError } from '../../../../nodes/protocol/push/errors';
import { buildTransferCustomerServiceReply, type PassiveReplyOptions } from '../../../../nodes/protocol/push/reply';
import { thrownBy } from '../../../helpers/thrown';

const SECRETS = { token: 'pushToken', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxfdae81166329a09f' };
const NOW = 1714112600;
/** A user's text message as the trigger opens it. */
const TEXT = { ToUserName: 'gh_fdae81166329', FromUserName: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', CreateTime: '1714112599', MsgType: 'text', Content: '转人工', MsgId: '7365081233419403265' };

/** WeChat's envelope, opened here independently of nodes/protocol/push. */
function openEnvelope(encodingAESKey: string, encrypt: string): { random: Buffer; message: string; appId: string } {
	const key = Buffer.from(`${encodingAESKey}=`, 'base64');
	expect(key).toHaveLength(32);
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
	expect(padded.length % 32).toBe(0);
	const pad = padded[padded.length - 1];
	expect(pad).toBeGreaterThanOrEqual(1);
	expect(pad).toBeLessThanOrEqual(32);
	expect([...padded.subarray(padded.length - pad)].every((byte) => byte === pad)).toBe(true);
	const plain = padded.subarray(0, padded.length - pad);
	const length = plain.readUInt32BE(16);
	return { random: plain.subarray(0, 16), message: plain.subarray(20, 20 + length).toString('utf8'), appId: plain.subarray(20 + length).toString('utf8') };
}

const sha1Sorted = (parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');

/** The child elements of a flat `<xml>` document, CDATA unwrapped, in order. */
function xmlChildren(xml: string): Array<[string, string, boolean]> {
	const inner = /^<xml>([\s\S]*)<\/xml>$/.exec(xml);
	expect(inner).not.toBeNull();
	return [...(inner?.[1] ?? '').matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)].map((m) => [m[1], m[2] ?? m[3], m[2] !== undefined]);
}

const reply = (options: Partial<PassiveReplyOptions>, message: Record<string, unknown> = TEXT) =>
	buildTransferCustomerServiceReply(message, { format: 'xml', mode: 'plaintext', nowSeconds: NOW, ...options });

describe('plaintext mode', () => {
	it('XML: the four fields of WeChat\'s sample, strings in CDATA, CreateTime bare, addresses swapped', () => {
		const { body, contentType } = reply({});
		expect(xmlChildren(body)).toEqual([
			['ToUserName', 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', true],
			['FromUserName', 'gh_fdae81166329', true],
			['CreateTime', String(NOW), false],
			['MsgType', 'transfer_customer_service', true],
		]);
		expect(body).toBe(
			'<xml><ToUserName><![CDATA[o6_bmjrPTlm6_2sgVt7hMZOPfL2M]]></ToUserName><FromUserName><![CDATA[gh_fdae81166329]]></FromUserName><CreateTime>1714112600</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>',
		);
		expect(contentType).toContain('text/xml');
	});

	it('JSON: the same fields, CreateTime an integer', () => {
		const { body, contentType } = reply({ format: 'json' });
		expect(JSON.parse(body)).toEqual({ ToUserName: TEXT.FromUserName, FromUserName: TEXT.ToUserName, CreateTime: NOW, MsgType: 'transfer_customer_service' });
		expect(contentType).toContain('application/json');
	});

	it('image and mini program card messages may be transferred too', () => {
		for (const MsgType of ['image', 'miniprogrampage']) expect(reply({}, { ...TEXT, MsgType }).body).toContain('transfer_customer_service');
	});
});

describe('only a user\'s message, never an event', () => {
	it('refuses user_enter_tempsession and other events, naming the event', () => {
		const error = thrownBy(InvalidInputError, () => reply({}, { ...TEXT, MsgType: 'event', Event: 'user_enter_tempsession' }));
		expect(error.message).toBe(
			"Only a user's message (MsgType text, image, miniprogrampage) can be transferred to customer service; this push is an event (user_enter_tempsession).",
		);
		expect(error.fix).toContain('answer other pushes with success');
	});

	it('refuses other message types and a push without its addresses', () => {
		expect(thrownBy(InvalidInputError, () => reply({}, { ...TEXT, MsgType: 'voice' })).message).toContain('MsgType "voice"');
		expect(thrownBy(InvalidInputError, () => reply({}, { ...TEXT, FromUserName: '' })).message).toContain('no FromUserName');
	});
});

describe('safe and compatible mode: the encrypted envelope', () => {
	it.each(['safe', 'compatible'] as const)('%s, XML: <xml> with Encrypt, MsgSignature, TimeStamp, Nonce; opens to the plain XML reply', (mode) => {
		const { body } = reply({ mode, secrets: SECRETS, nonce: '415670741' });
		const children = xmlChildren(body);
		expect(children.map(([name]) => name)).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce']);
		const fields = Object.fromEntries(children.map(([name, value]) => [name, value]));
		expect(fields.TimeStamp).toBe(String(NOW));
		expect(fields.Nonce).toBe('415670741');
		expect(fields.MsgSignature).toBe(sha1Sorted([SECRETS.token, String(NOW), '415670741', fields.Encrypt]));
		const opened = openEnvelope(SECRETS.encodingAESKey, fields.Encrypt);
		expect(opened.appId).toBe(SECRETS.appId);
		expect(opened.message).toBe(reply({}).body);
	});

	it('safe, JSON: {Encrypt, MsgSignature, TimeStamp (a number), Nonce (a string)}; opens to the JSON reply', () => {
		const { body } = reply({ format: 'json', mode: 'safe', secrets: SECRETS, nonce: '415670741' });
		const envelope = JSON.parse(body) as Record<string, unknown>;
		expect(Object.keys(envelope)).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce']);
		expect(envelope.TimeStamp).toBe(NOW);
		expect(envelope.Nonce).toBe('415670741');
		expect(envelope.MsgSignature).toBe(sha1Sorted([SECRETS.token, String(NOW), '415670741', String(envelope.Encrypt)]));
		const opened = openEnvelope(SECRETS.encodingAESKey, String(envelope.Encrypt));
		expect(JSON.parse(opened.message)).toEqual({ ToUserName: TEXT.FromUserName, FromUserName: TEXT.ToUserName, CreateTime: NOW, MsgType: 'transfer_customer_service' });
		expect(opened.appId).toBe(SECRETS.appId);
	});

	it('a fresh random prefix per reply', () => {
		const options = { mode: 'safe' as const, secrets: SECRETS, nonce: '1' };
		expect(reply(options).body).not.toBe(reply(options).body);
	});

	it('needs the nonce of the push, the Token and the EncodingAESKey', () => {
		expect(thrownBy(InvalidInputError, () => reply({ mode: 'safe', secrets: SECRETS })).message).toContain('Nonce is missing');
		expect(thrownBy(PushRejectedError, () => reply({ mode: 'safe', nonce: '1', secrets: { ...SECRETS, token: '' } })).reason).toBe('not_configured');
		expect(thrownBy(PushRejectedError, () => reply({ mode: 'safe', nonce: '1', secrets: { ...SECRETS, encodingAESKey: 'short' } })).reason).toBe('not_configured');
	});
});
