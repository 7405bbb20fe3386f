import type { WeChatCall, WeChatClient } from '../../nodes/protocol/client';

/**
 * A WeChat client for unit tests of one API function: it records every call it is given and answers
 * each with `answer`, so a test checks both the request the function built and how it reads the answer.
 */
export function recordingClient(answer: object): { calls: WeChatCall[]; client: Pick<WeChatClient, 'call'> } {
	const calls: WeChatCall[] = [];
	return {
		calls,
		client: {
			call: async <T extends object>(call: WeChatCall): Promise<T> => {
				calls.push(call);
				return answer as T;
			},
		},
	};
}
