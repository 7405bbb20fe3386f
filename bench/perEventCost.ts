/**
 * Section 4: what one safe-mode push costs our code, in microseconds: msg_signature, AES decrypt,
 * XML parse (envelope and message), normalisation into items; and the whole path as the trigger runs
 * it (openPush + normalisePush). In-process, warmed up, medians of blocks of 1000 calls over a pool of
 * distinct pushes (popup event, 3 templates). Run it under the Node that runs n8n:
 *   <node> .build/bench/perEventCost.js [iterations] [warmup] [templates]
 * It prints one JSON line (results.ts PerEventCost).
 */
import { decodeEncodingAESKey, decryptMessage } from '../nodes/protocol/push/aes';
import { openPush, readPushFields, PUSH_DEFAULT_MAX_BYTES, PUSH_DEFAULT_MAX_DEPTH } from '../nodes/protocol/push/envelope';
import { normalisePush } from '../nodes/protocol/push/events';
import { computeSignature, signatureMatches } from '../nodes/protocol/push/signature';
import { buildEventRequest, type BuiltPushRequest } from '../sandbox/push';
import { BENCH_PUSH_CONFIG, popupEvent } from './pushWorkload';
import type { PerEventCost } from './results';
import { median, round } from './stats';

const BLOCK = 1000;
const LIMITS = { maxBytes: PUSH_DEFAULT_MAX_BYTES, maxDepth: PUSH_DEFAULT_MAX_DEPTH };

/** Median over blocks of the mean microseconds per call. `sink` keeps results alive. */
function timePerCall(iterations: number, warmup: number, call: (i: number) => unknown): number {
	let sink = 0;
	for (let i = 0; i < warmup; i++) sink += call(i) === undefined ? 0 : 1;
	const blocks: number[] = [];
	for (let done = 0; done < iterations; done += BLOCK) {
		const started = process.hrtime.bigint();
		for (let i = 0; i < BLOCK; i++) sink += call(done + i) === undefined ? 0 : 1;
		blocks.push(Number(process.hrtime.bigint() - started) / 1000 / BLOCK);
	}
	if (sink < 0) throw new Error('unreachable');
	return median(blocks);
}

export function measurePerEventCost(iterations: number, warmup: number, templates: number): PerEventCost {
	const config = BENCH_PUSH_CONFIG;
	const pool: BuiltPushRequest[] = Array.from({ length: 256 }, (_, i) => buildEventRequest(config, popupEvent(templates, i)));
	const pick = (i: number) => pool[i % pool.length];
	const secrets = { token: config.token, encodingAESKey: config.encodingAESKey, appId: config.appId };
	const openOptions = { mode: 'safe' as const, dataFormat: 'xml' as const, secrets };
	const normaliseOptions = { splitList: true, onlyAccepted: false, includeRaw: false, receivedAt: new Date() };

	// Inputs of each step, precomputed so every part times only its own work.
	const encrypts = pool.map((request) => readPushFields(request.body, 'xml', LIMITS).fields.Encrypt as string);
	const key = decodeEncodingAESKey(config.encodingAESKey);
	const inners = encrypts.map((encrypt) => decryptMessage(encrypt, key, config.appId));
	const messages = pool.map((request) => openPush({ body: request.body, query: request.query }, openOptions).message);
	for (const message of messages) {
		if (normalisePush(message, normaliseOptions).length !== templates) throw new Error('the popup did not give one item per template');
	}

	const parts = {
		signature: timePerCall(iterations, warmup, (i) => {
			const { query } = pick(i);
			return signatureMatches(computeSignature([config.token, query.timestamp, query.nonce, encrypts[i % pool.length]]), query.msg_signature);
		}),
		decrypt: timePerCall(iterations, warmup, (i) => decryptMessage(encrypts[i % pool.length], decodeEncodingAESKey(config.encodingAESKey), config.appId)),
		parse: timePerCall(iterations, warmup, (i) => {
			readPushFields(pick(i).body, 'xml', LIMITS);
			return readPushFields(inners[i % pool.length], 'xml', LIMITS, 'decrypted message');
		}),
		normalise: timePerCall(iterations, warmup, (i) => normalisePush(messages[i % pool.length], normaliseOptions)),
	};
	const total = timePerCall(iterations, warmup, (i) => {
		const request = pick(i);
		return normalisePush(openPush({ body: Buffer.from(request.body), query: request.query }, openOptions).message, normaliseOptions);
	});
	return {
		node: process.version,
		iterations,
		bodyBytes: Buffer.byteLength(pool[0].body),
		templates,
		totalMicros: round(total, 2),
		parts: Object.fromEntries(Object.entries(parts).map(([name, micros]) => [name, round(micros, 2)])),
	};
}

if (require.main === module) {
	const [iterations = 100_000, warmup = 5_000, templates = 3] = process.argv.slice(2).map(Number);
	process.stdout.write(`${JSON.stringify(measurePerEventCost(iterations, warmup, templates))}\n`);
}
