/**
 * Scripted subscription popups (POST /__sandbox/popups): many users answer the popup and change their
 * settings in one control call, the way a test needs to stage a day of WeChat traffic: one push per user
 * action with several templates in its List (as WeChat sends it), a user answering the popup several times
 * (one after another or at the same moment), switching templates off in settings afterwards, and pushes
 * delivered more than once (WeChat's retries). Only builds the events and sequences them; the caller
 * delivers each one (and applies it to the quota before it leaves, see control.ts).
 */
import {
	ControlInputError,
	integerIn,
	OPENID,
	optionalString,
	parsePushConfig,
	parseWebhookUrl,
	record,
	stringList,
} from './controlInput';
import type { JsonListShape, PushConfig, PushEventSpec } from './push';
import { sandboxOpenId } from './seed';

/** One user's actions as a caller writes them (defaults: one popup, delivered once, one after another). */
export interface PopupUserInput {
	openid: string;
	accept?: string[];
	reject?: string[];
	popups?: number;
	concurrent?: boolean;
	switchOff?: string[];
	deliveries?: number;
	onePushPerTemplate?: boolean;
}

/**
 * Many users doing the same, written once (a demo's "50 users accept"): `count` users with the OpenIDs
 * sandboxOpenId(first), sandboxOpenId(first + 1), … (first defaults to 1), each acting as the rest says.
 */
export interface PopupCrowdInput extends Omit<PopupUserInput, 'openid'> {
	count: number;
	first?: number;
}

/** The body of POST /__sandbox/popups. */
export interface PopupScriptInput {
	webhookUrl: string;
	config: PushConfig;
	users: PopupUserInput[] | PopupCrowdInput;
	/** Users pushed at the same time, 1–32 (default 4). */
	concurrency?: number;
	jsonListShape?: JsonListShape;
}

export interface PopupUserScript {
	openid: string;
	/** Templates accepted in the popup. */
	accept: string[];
	/** Templates rejected in the same popup. */
	reject: string[];
	/** How many times the user answers the popup this way: separate actions, each with its own CreateTime. */
	popups: number;
	/** Deliver those popups at the same moment instead of one after another. */
	concurrent: boolean;
	/** Templates the user then switches off in settings (one subscribe_msg_change_event). */
	switchOff: string[];
	/** How many times each of this user's pushes is delivered (WeChat sends a push up to 3 times in all). */
	deliveries: number;
	/**
	 * Each template of the popup answered in a push of its own, all in the same second: what WeChat sends
	 * when a mini program asks for templates one requestSubscribeMessage call at a time and the user chose
	 * "always keep this choice" (总是保持以上选择), so no popup waits for a tap.
	 */
	onePushPerTemplate: boolean;
}

export interface PopupScript {
	webhookUrl: string;
	config: PushConfig;
	jsonListShape?: JsonListShape;
	/** Users pushed at the same time. */
	concurrency: number;
	users: PopupUserScript[];
}

/** One delivery of one push, as the webhook answered it (or why it could not). */
export interface PopupDelivery {
	openid: string;
	event: 'subscribe_msg_popup_event' | 'subscribe_msg_change_event';
	createTime: number;
	/** The templates the push lists, in its order. */
	templates: string[];
	/** 1 for the first delivery of this push, 2 and 3 for the repeats. */
	delivery: number;
	status?: number;
	body?: string;
	error?: string;
}

export interface PopupScriptResult {
	pushes: number;
	/** Deliveries the webhook answered 200 with `success` or nothing, as WeChat requires. */
	answered: number;
	failed: number;
	deliveries: PopupDelivery[];
}

export interface PopupScriptRunner {
	/** The next CreateTime of this user: never one already used, so distinct actions stay distinct. */
	createTime(openid: string): number;
	/** The mini program's original id (ToUserName). */
	toUserName: string;
	/** Delivers one push: the same event again for a repeat. */
	deliver(event: PushEventSpec): Promise<{ status: number; body: string }>;
}

const MAX_USERS = 10_000;
const MAX_POPUPS_PER_USER = 10;
const LIST_SHAPES = ['auto', 'array', 'object', 'wrapper'];

function parseUser(value: unknown, index: number): PopupUserScript {
	const fields = record(value, `users[${index}]`);
	const openid = fields.openid;
	if (typeof openid !== 'string' || !OPENID.test(openid)) {
		throw new ControlInputError(`users[${index}].openid must be a 28-character OpenID starting with o`);
	}
	const user: PopupUserScript = {
		openid,
		accept: stringList(fields, 'accept'),
		reject: stringList(fields, 'reject'),
		popups: integerIn(fields, 'popups', 1, MAX_POPUPS_PER_USER, 1),
		concurrent: fields.concurrent === true,
		switchOff: stringList(fields, 'switchOff'),
		deliveries: integerIn(fields, 'deliveries', 1, 3, 1),
		onePushPerTemplate: fields.onePushPerTemplate === true,
	};
	if (user.accept.length + user.reject.length + user.switchOff.length === 0) {
		throw new ControlInputError(`users[${index}] must accept, reject or switch off at least one template`);
	}
	return user;
}

/** The users a crowd stands for, each an entry as a caller would have written it (then parsed as one). */
function expandCrowd(crowd: Record<string, unknown>): unknown[] {
	if (crowd.count === undefined) throw new ControlInputError(`users must be a list of 1 to ${MAX_USERS} users, or {count, accept?, …}`);
	if ('openid' in crowd) throw new ControlInputError('users.openid is not allowed with count: the OpenIDs are sandboxOpenId(first), …');
	const count = integerIn(crowd, 'count', 1, MAX_USERS, 1);
	const first = integerIn(crowd, 'first', 0, Number.MAX_SAFE_INTEGER - MAX_USERS, 1);
	const { count: _count, first: _first, ...actions } = crowd;
	return Array.from({ length: count }, (_, k) => ({ ...actions, openid: sandboxOpenId(first + k) }));
}

export function parsePopupScript(input: unknown): PopupScript {
	const fields = record(input, 'body');
	const given = fields.users;
	const crowd = typeof given === 'object' && given !== null && !Array.isArray(given);
	const users = crowd ? expandCrowd(given as Record<string, unknown>) : given;
	if (!Array.isArray(users)) throw new ControlInputError(`users must be a list of 1 to ${MAX_USERS} users, or {count, accept?, …}`);
	if (users.length === 0 || users.length > MAX_USERS) {
		throw new ControlInputError(`users must be a list of 1 to ${MAX_USERS} users`);
	}
	const jsonListShape = optionalString(fields, 'jsonListShape');
	if (jsonListShape !== undefined && !LIST_SHAPES.includes(jsonListShape)) {
		throw new ControlInputError(`jsonListShape must be one of ${LIST_SHAPES.join(', ')}`);
	}
	return {
		webhookUrl: parseWebhookUrl(fields.webhookUrl),
		config: parsePushConfig(fields.config),
		jsonListShape: jsonListShape as JsonListShape | undefined,
		concurrency: integerIn(fields, 'concurrency', 1, 32, 4),
		users: users.map((user, index) => parseUser(user, index)),
	};
}

type PopupEntry = { TemplateId: string; SubscribeStatusString: string; PopupScene: number };

/** One user's popup answers: accepts first, then rejects (WeChat's popup shows several templates). */
function popupEntries(user: PopupUserScript): PopupEntry[] {
	return [
		...user.accept.map((TemplateId) => ({ TemplateId, SubscribeStatusString: 'accept', PopupScene: 0 })),
		...user.reject.map((TemplateId) => ({ TemplateId, SubscribeStatusString: 'reject', PopupScene: 0 })),
	];
}

function popupEvent(runner: PopupScriptRunner, user: PopupUserScript, list: PopupEntry[] = popupEntries(user), createTime = runner.createTime(user.openid)): PushEventSpec {
	return { ToUserName: runner.toUserName, FromUserName: user.openid, CreateTime: createTime, MsgType: 'event', Event: 'subscribe_msg_popup_event', List: list };
}

/** The answers of one popup, a push per template, all stamped with one second. */
function onePushPerTemplate(runner: PopupScriptRunner, user: PopupUserScript): PushEventSpec[] {
	const createTime = runner.createTime(user.openid);
	return popupEntries(user).map((entry) => popupEvent(runner, user, [entry], createTime));
}

function changeEvent(runner: PopupScriptRunner, user: PopupUserScript): PushEventSpec {
	return {
		ToUserName: runner.toUserName,
		FromUserName: user.openid,
		CreateTime: runner.createTime(user.openid),
		MsgType: 'event',
		Event: 'subscribe_msg_change_event',
		List: user.switchOff.map((TemplateId) => ({ TemplateId, SubscribeStatusString: 'reject' })),
	};
}

/** Delivers one push `deliveries` times, one after another (a repeat follows the attempt before it). */
async function deliverRepeatedly(runner: PopupScriptRunner, user: PopupUserScript, event: PushEventSpec): Promise<PopupDelivery[]> {
	const results: PopupDelivery[] = [];
	for (let delivery = 1; delivery <= user.deliveries; delivery++) {
		const result: PopupDelivery = {
			openid: user.openid,
			event: event.Event as PopupDelivery['event'],
			createTime: event.CreateTime as number,
			templates: (event.List as Array<{ TemplateId: string }>).map((entry) => entry.TemplateId),
			delivery,
		};
		try {
			const answer = await runner.deliver(event);
			result.status = answer.status;
			result.body = answer.body;
		} catch (error) {
			result.error = error instanceof Error ? error.message : String(error);
		}
		results.push(result);
	}
	return results;
}

/** One user's actions in order: the popup answers (one after another or at once), then the settings change. */
async function runUser(runner: PopupScriptRunner, user: PopupUserScript): Promise<PopupDelivery[]> {
	const results: PopupDelivery[] = [];
	if (user.accept.length + user.reject.length > 0) {
		const popups = Array.from({ length: user.popups }, () => (user.onePushPerTemplate ? onePushPerTemplate(runner, user) : [popupEvent(runner, user)])).flat();
		if (user.concurrent) {
			for (const batch of await Promise.all(popups.map((event) => deliverRepeatedly(runner, user, event)))) results.push(...batch);
		} else {
			for (const event of popups) results.push(...(await deliverRepeatedly(runner, user, event)));
		}
	}
	if (user.switchOff.length > 0) results.push(...(await deliverRepeatedly(runner, user, changeEvent(runner, user))));
	return results;
}

/** Runs the script, `concurrency` users at a time; deliveries come back in the users' order. */
export async function runPopupScript(script: PopupScript, runner: PopupScriptRunner): Promise<PopupScriptResult> {
	const perUser: PopupDelivery[][] = new Array(script.users.length);
	let next = 0;
	const worker = async () => {
		while (next < script.users.length) {
			const index = next++;
			perUser[index] = await runUser(runner, script.users[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(script.concurrency, script.users.length) }, worker));
	const deliveries = perUser.flat();
	const answered = deliveries.filter((d) => d.status === 200 && (d.body === 'success' || d.body === '')).length;
	const pushes = new Set(deliveries.map((d) => `${d.openid}|${d.createTime}|${d.event}|${d.templates.join(',')}`)).size;
	return { pushes, answered, failed: deliveries.length - answered, deliveries };
}

/** Hands out CreateTimes per user: the sandbox clock's second, or one past the user's last if that is later. */
export class CreateTimes {
	private last = new Map<string, number>();

	next(openid: string, nowMs: number): number {
		const time = Math.max(Math.floor(nowMs / 1000), (this.last.get(openid) ?? 0) + 1);
		this.last.set(openid, time);
		return time;
	}
}
