/** Runs the trigger's webhook function on one request inside the fake n8n webhook context. */
import type { IWebhookResponseData } from 'n8n-workflow';

import { WeChatMiniProgramTrigger } from '../../../nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node';
import { fakeWebhookContext, type FakeWebhookOptions, type LogLine, type RecordedResponse, type WebhookRequest } from '../../helpers/fakeN8nContext';

export type RunOptions = Omit<FakeWebhookOptions, 'request'>;

export interface WebhookRun {
	result: IWebhookResponseData;
	response: RecordedResponse;
	logs: LogLine[];
}

export async function runWebhook(request: WebhookRequest, options: RunOptions): Promise<WebhookRun> {
	const { context, response, logs } = fakeWebhookContext({ request, ...options });
	const result = await new WeChatMiniProgramTrigger().webhook.call(context);
	return { result, response, logs };
}
