/**
 * The trigger's webhook: GET answers the console's URL verification, POST authenticates, opens
 * and normalises one push. It answers WeChat itself and never throws, because n8n turns a thrown
 * webhook error into an execution: a forged or broken request must start nothing.
 *
 * Answers: `success` (text/plain) for every accepted push, selected or not, except customer-service
 * messages under Customer Service Messages: Hand Off answers the selected ones with the passive reply
 * transfer_customer_service, and Later in the Workflow leaves their answer to the workflow
 * (responseMode responseNode, see the node's description); 401 for a bad
 * signature, a stale timestamp or another App ID; 400 for a body that cannot be read or
 * decrypted; 500 with the fix when the credential is incomplete or when an authenticated push
 * comes encrypted to a trigger set to Plaintext (the console's mode and the node's disagree),
 * both also logged as warnings. 401 and 400 carry no body, so nothing tells a prober which check
 * failed.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readCredentials } from '../protocol/credentials';
import { openPush, type DataFormatSetting, type EncryptionMode } from '../protocol/push/envelope';
import { HTTP_STATUS_BY_REASON, PushRejectedError } from '../protocol/push/errors';
import { categorise, normalisePush } from '../protocol/push/events';
import { parseHandOffKeywords, wantsHandOff } from '../protocol/push/handOff';
import { buildTransferCustomerServiceReply, type PassiveReply } from '../protocol/push/reply';
import { answerUrlVerification } from '../protocol/push/verify';
import { CREDENTIAL_NAME } from '../shared/credentialName';
import { defaultEvents } from './description';

interface TriggerOptions {
	includeRaw?: boolean;
	onlyAccepted?: boolean;
	replayWindowSeconds?: number;
	splitList?: boolean;
}

/** The trigger's Customer Service Messages parameter. */
export type CustomerServiceAnswer = 'success' | 'handOff' | 'later';

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;
type Request = ReturnType<IWebhookFunctions['getRequestObject']>;

const NO_CREDENTIAL_MESSAGE =
	'The WeChat Mini Program Trigger has no usable WeChat Mini Program API credential: select one in the node';

/** Answers are text/plain but a passive reply; `nosniff` keeps a browser from reading an echoed echostr as HTML or script. */
function answer(res: Response, status: number, body = '', contentType = 'text/plain'): void {
	if (res.headersSent) {
		return;
	}
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.status(status).type(contentType).send(body).end();
}

/** The exact bytes WeChat sent; n8n keeps them as `rawBody` (its own XML parse lower-cases tags). */
async function readRawBody(req: Request): Promise<Buffer | string> {
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') {
		await req.readRawBody();
	}
	if (Buffer.isBuffer(req.rawBody)) {
		return req.rawBody;
	}
	if (typeof req.body === 'string') {
		return req.body;
	}
	throw new PushRejectedError('malformed', 'The request body is not available as text');
}

function refuse(ctx: IWebhookFunctions, res: Response, error: unknown): IWebhookResponseData {
	if (error instanceof PushRejectedError) {
		const status = HTTP_STATUS_BY_REASON[error.reason];
		const configProblem =
			error.reason === 'not_configured' || error.reason === 'bad_app_id' || error.reason === 'mode_mismatch';
		const log = configProblem || ctx.getWebhookName() === 'setup' ? ctx.logger.warn : ctx.logger.debug;
		log.call(ctx.logger, `WeChat Mini Program Trigger refused a request (${error.reason}): ${error.message}`);
		answer(res, status, status === 500 ? error.message : '');
	} else {
		ctx.logger.error(
			`WeChat Mini Program Trigger failed on a request: ${error instanceof Error ? error.name : 'unknown error'}`,
		);
		answer(res, 500, 'The WeChat Mini Program Trigger could not handle this request');
	}
	return { noWebhookResponse: true };
}

async function readSecrets(ctx: IWebhookFunctions) {
	let raw: Record<string, unknown> | undefined;
	try {
		raw = await ctx.getCredentials<Record<string, unknown>>(CREDENTIAL_NAME);
	} catch {
		raw = undefined;
	}
	if (raw === undefined) {
		throw new PushRejectedError('not_configured', NO_CREDENTIAL_MESSAGE);
	}
	const credentials = readCredentials(raw);
	return {
		token: credentials.token ?? '',
		encodingAESKey: credentials.encodingAESKey ?? '',
		appId: credentials.appId,
	};
}

async function handle(ctx: IWebhookFunctions, res: Response): Promise<IWebhookResponseData> {
	const query = ctx.getQueryData() as Record<string, unknown>;
	const secrets = await readSecrets(ctx);

	if (ctx.getWebhookName() === 'setup') {
		const echostr = answerUrlVerification(query, secrets.token);
		answer(res, 200, echostr);
		return { noWebhookResponse: true };
	}

	const options = ctx.getNodeParameter('options', {}) as TriggerOptions;
	const opened = openPush(
		{ body: await readRawBody(ctx.getRequestObject()), query },
		{
			mode: ctx.getNodeParameter('encryptionMode', 'safe') as EncryptionMode,
			dataFormat: ctx.getNodeParameter('dataFormat', 'auto') as DataFormatSetting,
			secrets,
			replayWindowSeconds: options.replayWindowSeconds,
		},
	);
	const events = ctx.getNodeParameter('events', defaultEvents(ctx.getNode().typeVersion)) as string[];
	const category = categorise(opened.message);
	const selected = events.includes(category);
	const userMessage = category === 'customer_service_message';
	const csAnswer = ctx.getNodeParameter('customerServiceAnswer', 'success') as CustomerServiceAnswer;
	const transferReply = (): PassiveReply =>
		buildTransferCustomerServiceReply(opened.message, {
			format: opened.format,
			// Compatible mode answers in the form the push came in (reply.ts).
			mode: opened.encrypted ? (ctx.getNodeParameter('encryptionMode', 'safe') as EncryptionMode) : 'plaintext',
			secrets,
			nonce: typeof query.nonce === 'string' ? query.nonce : undefined,
		});
	// The workflow answers this one (responseMode responseNode): n8n waits for its Answer Push node.
	const workflowAnswers = csAnswer === 'later' && selected && userMessage;
	let handedOff = false;
	if (!workflowAnswers) {
		if (csAnswer === 'handOff' && userMessage && wantsHandOff(opened.message, parseHandOffKeywords(String(ctx.getNodeParameter('handOffKeywords', '') ?? '')))) {
			const reply = transferReply();
			answer(res, 200, reply.body, reply.contentType);
			handedOff = true;
		} else {
			// Authenticated and readable: WeChat gets its answer now, whatever the workflow does.
			answer(res, 200, 'success');
		}
	}

	if (!selected) {
		return { noWebhookResponse: true };
	}
	const items = normalisePush(opened.message, {
		splitList: options.splitList ?? true,
		onlyAccepted: options.onlyAccepted ?? false,
		includeRaw: options.includeRaw ?? false,
		receivedAt: new Date(),
	});
	if (items.length === 0) {
		return { noWebhookResponse: true };
	}
	// normalisePush builds plain JSON values only, which is what IDataObject describes.
	const workflowData = [items.map((json) => ({ json: json as IDataObject }))];
	if (workflowAnswers) {
		const reply = transferReply();
		for (const item of workflowData[0]) item.json.handOffReply = { body: reply.body, contentType: reply.contentType };
		return { workflowData };
	}
	if (csAnswer === 'handOff' && userMessage) {
		for (const item of workflowData[0]) item.json.handedOff = handedOff;
	}
	return { noWebhookResponse: true, workflowData };
}

export async function handlePushWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = ctx.getResponseObject();
	try {
		return await handle(ctx, res);
	} catch (error) {
		return refuse(ctx, res, error);
	}
}
