/** The push the trigger benchmarks send: a subscription popup event, as WeChat's safe mode delivers it. */
import type { PushConfig, PushEventSpec } from '../sandbox/push';
import { SANDBOX_APP_ID, SANDBOX_ORIGINAL_ID, SANDBOX_TEMPLATE_IDS, sandboxOpenId } from '../sandbox/seed';

/** Console-style push settings of the benchmark (fake, like everything in the sandbox). */
export const BENCH_PUSH_CONFIG: PushConfig = {
	token: 'BenchPushToken2024',
	encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
	appId: SANDBOX_APP_ID,
	mode: 'safe',
	format: 'xml',
};

/** A popup event with `templates` entries (accept, reject, accept, …), shaped like WeChat's popup example. */
export function popupEvent(templates: number, user: number): PushEventSpec {
	const ids = Object.values(SANDBOX_TEMPLATE_IDS);
	return {
		ToUserName: SANDBOX_ORIGINAL_ID,
		FromUserName: sandboxOpenId(user),
		CreateTime: 1714112445 + user,
		MsgType: 'event',
		Event: 'subscribe_msg_popup_event',
		List: Array.from({ length: templates }, (_, i) => ({
			TemplateId: ids[i % ids.length],
			SubscribeStatusString: i % 2 === 0 ? 'accept' : 'reject',
			PopupScene: 0,
		})),
	};
}
