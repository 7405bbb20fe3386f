/** WeChat's side of message push, for tests, the demo and the sandbox's /__sandbox/push. */
export type { BuiltPushRequest, JsonListShape, PushConfig, PushEventSpec, PushFormat, PushMode } from './types';
export { PUSH_SETTINGS } from './types';
export { buildEventRequest, buildVerificationRequest, randomPrefix16 } from './build';
export type { EventRequestOptions, VerificationOptions } from './build';
export { sendPushRequest } from './send';
export { PUSH_EVENT_SAMPLES, userTextMessage } from './samples';
export { aesKeyOf, decryptPushMessage, encryptPushMessage, pushSignature } from './crypto';
export type { DecryptedPushMessage } from './crypto';
export { LIST_WRAPPERS, renderJson, renderXml } from './render';
export { readPassiveReply } from './reply';
export type { PassiveReplyReading, ReplyFields } from './reply';
