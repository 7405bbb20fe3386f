/** Valid pushes for the load phase: each one distinct (own MsgId, sender and content), signed as WeChat signs. */
import { buildEventRequest } from '../../../../sandbox/push';
import { SANDBOX_APP_ID, SANDBOX_ORIGINAL_ID, sandboxOpenId } from '../../../../sandbox/seed';
import { ENCODING_AES_KEY, PUSH_TOKEN } from './fixtures';
import type { RawRequest } from './http';
import { SeededRandom } from './random';

/** The text every valid event carries, so each execution can be matched to the push that started it. */
export function validEventContent(run: string, index: number): string {
	return `e2e-valid-${run}-${index}`;
}

/**
 * Customer-service text message number `index`, safe mode, XML for even and JSON for odd numbers (both as
 * WeChat labels them: text/xml, application/json); timestamps fresh as of `nowSeconds`.
 */
export function validEventRequest(url: string, run: string, index: number, nowSeconds: number, rng: SeededRandom): RawRequest {
	const format = index % 2 === 0 ? 'xml' : 'json';
	const built = buildEventRequest(
		{ token: PUSH_TOKEN, encodingAESKey: ENCODING_AES_KEY, appId: SANDBOX_APP_ID, mode: 'safe', format },
		{
			ToUserName: SANDBOX_ORIGINAL_ID,
			FromUserName: sandboxOpenId(900_000 + index),
			CreateTime: nowSeconds,
			MsgType: 'text',
			Content: validEventContent(run, index),
			MsgId: String(7_365_081_233_419_403_265n + BigInt(index)),
		},
		{ timestamp: String(nowSeconds), nonce: String(rng.int(100_000_000, 2_000_000_000)), random16: Buffer.from(rng.text(16)) },
	);
	return { method: 'POST', url, query: Object.entries(built.query), headers: built.headers, body: Buffer.from(built.body, 'utf8') };
}
