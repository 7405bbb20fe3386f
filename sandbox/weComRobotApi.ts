/**
 * A WeCom (企业微信) group robot, the alert destination of example 8: POST /cgi-bin/webhook/send?key=… with
 * `{msgtype: 'text', text: {content}}` or markdown, as the robot's webhook URL takes it (docs/wechat-protocol.md
 * §13): the key is the robot's; the content at most 2048 bytes of UTF-8; at most 20 messages a minute per
 * robot. The sandbox knows one robot, SANDBOX_ROBOT_KEY.
 */
import { errorAnswer, okAnswer, type ApiAnswer, type ApiRequest } from './api';
import { SANDBOX_ROBOT_KEY } from './seed';
import type { SandboxState } from './state';
import { ROBOT_CONTENT_MAX_BYTES, ROBOT_MESSAGES_PER_MINUTE } from './weComRobot';
/** POST /cgi-bin/webhook/send: the key, the body, the minute's limit, then the message is posted to the group. */
export function sendRobotMessage(state: SandboxState, request: ApiRequest): ApiAnswer {
	const key = request.query.get('key') ?? '';
	if (key !== SANDBOX_ROBOT_KEY) return errorAnswer(state, 93000);
	let body: unknown;
	try {
		body = JSON.parse(request.body);
	} catch {
		return errorAnswer(state, 40035);
	}
	const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
	const msgtype = fields.msgtype;
	if (msgtype !== 'text' && msgtype !== 'markdown') return errorAnswer(state, 40008);
	const part = fields[msgtype];
	const content = typeof part === 'object' && part !== null ? (part as Record<string, unknown>).content : undefined;
	if (typeof content !== 'string' || content === '') return errorAnswer(state, 44004);
	if (Buffer.byteLength(content, 'utf8') > ROBOT_CONTENT_MAX_BYTES) return errorAnswer(state, 45002);
	const now = state.clock.now();
	if (state.robot.sentInLastMinute(key, now) >= ROBOT_MESSAGES_PER_MINUTE) return errorAnswer(state, 45009);
	state.robot.messages.push({ key, msgtype, content, time: now });
	return okAnswer();
}
