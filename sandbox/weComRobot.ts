/**
 * What the sandbox's WeCom (企业微信) group robot keeps: the messages posted to it (example 8's alerts), and
 * how many a robot took in the last minute (docs/wechat-protocol.md §13). The route is in weComRobotApi.ts.
 */
export const ROBOT_CONTENT_MAX_BYTES = 2048;
export const ROBOT_MESSAGES_PER_MINUTE = 20;

export interface RobotMessage {
	key: string;
	msgtype: 'text' | 'markdown';
	content: string;
	/** Sandbox clock, unix milliseconds. */
	time: number;
}

export class WeComRobotState {
	messages: RobotMessage[] = [];

	clear(): void {
		this.messages = [];
	}

	sentInLastMinute(key: string, now: number): number {
		return this.messages.filter((message) => message.key === key && message.time > now - 60_000).length;
	}
}
