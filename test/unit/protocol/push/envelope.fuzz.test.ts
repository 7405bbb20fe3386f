/**
 * Seeded fuzzing of the whole push path (format detection, JSON and XML readers, decryption):
 * whatever an authenticated or unauthenticated sender puts in the body, openPush returns or throws
 * PushRejectedError, nothing else. Mutated bodies are re-signed so they get past the signature
 * check and reach the readers and the decryption.
 */
import { openPush } from '../../../../nodes/protocol/push/envelope';
import { PushRejectedError } from '../../../../nodes/protocol/push/errors';
import { JsonReadError, readJsonObject } from '../../../../nodes/protocol/json64';
import { computeSignature } from '../../../../nodes/protocol/push/signature';
import { prng } from '../../../helpers/prng';
import * as S from '../../../helpers/push/samples';

const token = 'fuzzToken';
const encodingAESKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const appId = 'wxb11529c136998cb6';
const secrets = { token, encodingAESKey, appId };

const random = prng(0xfeed_beef);
const int = (max: number) => Math.floor(random() * max);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

const JSON_SAMPLES = [S.POPUP_JSON, S.SENT_JSON, S.SENT_JSON_BARE_NUMBERS, S.CHANGE_JSON_OLD_WRAPPER, S.TEXT_JSON];
const ALL_SAMPLES = [...JSON_SAMPLES, ...Object.values(S.XML_SAMPLES)];
const TOKENS = ['{', '}', '[', ']', '"', ':', ',', '\\', '-', '0', '1864323726461255680', 'e', '.', '<', '>', '/', '&', ' ', 'null'];

function mutate(input: string): string {
	const at = int(input.length + 1);
	switch (int(4)) {
		case 0:
			return input.slice(0, at);
		case 1:
			return input.slice(0, at) + pick(TOKENS) + input.slice(at);
		case 2:
			return input.slice(0, at) + input.slice(at + 1 + int(8));
		default:
			return input.slice(0, at) + String.fromCharCode(int(0x3000)) + input.slice(at);
	}
}

function mutateTimes(input: string): string {
	let out = input;
	for (let m = 1 + int(3); m > 0; m--) out = mutate(out);
	return out;
}

let cases = 0;
function expectOnlyRejections(run: () => unknown, onUnexpected: (error: unknown) => string): void {
	cases++;
	try {
		run();
	} catch (error) {
		if (!(error instanceof PushRejectedError)) throw new Error(onUnexpected(error));
	}
}

describe('push path fuzzing (seeded)', () => {
	afterAll(() => {
		console.log(`push path fuzz: ${cases} openPush cases`);
	});

	it('readJsonObject: 10 000 mutated JSON samples throw only JsonReadError', () => {
		let count = 0;
		for (let i = 0; i < 10_000; i++) {
			const input = mutateTimes(pick(JSON_SAMPLES));
			count++;
			try {
				readJsonObject(input);
			} catch (error) {
				if (!(error instanceof JsonReadError)) throw new Error(`${String(error)} on ${JSON.stringify(input)}`);
			}
		}
		expect(count).toBe(10_000);
	});

	it('plaintext mode: 5 000 mutated, validly signed bodies', () => {
		const query = { timestamp: '1', nonce: '2', signature: computeSignature([token, '1', '2']) };
		for (let i = 0; i < 5_000; i++) {
			const body = mutateTimes(pick(ALL_SAMPLES));
			expectOnlyRejections(
				() => openPush({ body, query }, { mode: 'plaintext', dataFormat: 'auto', secrets }),
				(error) => `${String(error)} on ${JSON.stringify(body)}`,
			);
		}
	});

	it('safe mode: 5 000 mutated Encrypt values and decrypted messages, re-signed', () => {
		for (let i = 0; i < 5_000; i++) {
			const sample = pick(ALL_SAMPLES);
			const mutateCipher = random() < 0.5;
			let encrypt = S.encryptAsWeChat(mutateCipher ? sample : mutateTimes(sample), encodingAESKey, appId);
			if (mutateCipher) encrypt = mutateTimes(encrypt);
			const xml = random() < 0.5;
			const body = xml ? `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` : JSON.stringify({ Encrypt: encrypt });
			const query = { timestamp: '1', nonce: '2', msg_signature: computeSignature([token, '1', '2', encrypt]) };
			expectOnlyRejections(
				() => openPush({ body, query }, { mode: pick(['safe', 'compatible'] as const), dataFormat: 'auto', secrets }),
				(error) => `${String(error)} on ${JSON.stringify(body)}`,
			);
		}
		expect(cases).toBe(10_000);
	});
});
