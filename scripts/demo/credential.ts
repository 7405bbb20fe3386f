/**
 * The credential the demo imports, pointing at the sandbox, and the message-push settings WeChat would
 * hold for it (the console's 消息推送 page): the push simulator signs and encrypts with the same values.
 */
import type { PushConfig } from '../../sandbox/push/types';
import type { Sandbox } from '../../sandbox/server';
import { sandboxCredential, type SavedCredential } from '../../harness';
import { CREDENTIAL } from '../../harness/examples';

/** Fake, like the rest of the sandbox's seed. */
export const DEMO_PUSH_TOKEN = 'WeChatSandboxDemoToken';
/** 43 characters of base64, as the console generates. */
export const DEMO_ENCODING_AES_KEY = 'SandboxDemoEncodingAESKey0123456789abcdefgh';

/** An entity for `n8n import:credentials` (n8n encrypts `data` on import). */
export function demoCredential(sandbox: Sandbox): SavedCredential {
	return sandboxCredential(CREDENTIAL, sandbox.url, { token: DEMO_PUSH_TOKEN, encodingAESKey: DEMO_ENCODING_AES_KEY });
}

/** Safe mode, XML: what Example 2's trigger is set to and what WeChat recommends. */
export function demoPushConfig(sandbox: Sandbox): PushConfig {
	return { token: DEMO_PUSH_TOKEN, encodingAESKey: DEMO_ENCODING_AES_KEY, appId: sandbox.appId, mode: 'safe', format: 'xml' };
}
