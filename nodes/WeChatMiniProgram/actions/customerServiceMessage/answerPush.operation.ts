/**
 * Customer Service Message → Answer Push: answers the customer-service message push that started the
 * execution, from later in the workflow: `success`, or the passive reply transfer_customer_service that hands
 * the conversation to WeChat's web customer-service tool. It needs the trigger's Customer Service Messages set
 * to Later in the Workflow (Answer Push), which makes n8n hold WeChat's request until an answer is sent, and
 * which puts the ready-made reply (in the push's mode and format) in the trigger's item as handOffReply.
 *
 * It answers as n8n's Respond to Webhook node does (sendResponse), but finds the trigger's item itself, by
 * following the items' pairing back to the WeChat Mini Program Trigger: n8n's own node (version 1.1 and
 * later) refuses to run in a workflow that starts with any trigger but its own webhook nodes.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../protocol/errors';
import type { OperationOption } from '../../../shared/operations';
import { toNodeError } from '../../../shared/errors';

export const option: OperationOption = {
	name: 'Answer Push',
	value: 'answerPush',
	action: 'Answer a customer service message push',
	description:
		"Answer the user's message that started the workflow: success, or hand the conversation to human service; needs the trigger's Customer Service Messages set to Later in the Workflow",
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Answer',
		name: 'answer',
		type: 'options',
		default: 'success',
		description: 'WeChat waits 5 seconds for the answer, then pushes the message again (3 times in all)',
		options: [
			{ name: 'Success', value: 'success', description: 'Nothing more: the workflow replies, if at all, with Send' },
			{
				name: 'Hand Off to Human Service',
				value: 'handOff',
				description: "The passive reply transfer_customer_service: WeChat moves the conversation to its web customer-service tool (客服工具)",
			},
		],
	},
];

const TRIGGER_TYPE_SUFFIX = '.weChatMiniProgramTrigger';

interface HandOffReply {
	body: string;
	contentType: string;
}

function isHandOffReply(value: unknown): value is HandOffReply {
	return typeof value === 'object' && value !== null && typeof (value as HandOffReply).body === 'string' && typeof (value as HandOffReply).contentType === 'string';
}

const WRONG_MODE_FIX =
	"In the WeChat Mini Program Trigger, set Customer Service Messages to Later in the Workflow (Answer Push), and connect this node after it so that its items pair back to the trigger's item.";

/** The trigger's item the input item pairs back to: its handOffReply, which only the late-answer mode writes. */
function handOffReplyOf(ctx: IExecuteFunctions, itemIndex: number): HandOffReply {
	const triggers = ctx.getParentNodes(ctx.getNode().name).filter((parent) => parent.type.endsWith(TRIGGER_TYPE_SUFFIX));
	if (triggers.length === 0) {
		throw new InvalidInputError('Answer Push found no WeChat Mini Program Trigger before it in the workflow.', WRONG_MODE_FIX);
	}
	const proxy = ctx.getWorkflowDataProxy(itemIndex);
	for (const trigger of triggers) {
		let json: IDataObject | undefined;
		try {
			json = (proxy.$(trigger.name) as { item?: { json?: IDataObject } }).item?.json; // n8n's $('Node').item: the paired item
		} catch {
			json = undefined; // the item does not pair back to this trigger (another branch, or pairing lost)
		}
		if (isHandOffReply(json?.handOffReply)) return json.handOffReply;
	}
	throw new InvalidInputError(
		`The item does not come from a customer-service message the trigger left unanswered (no handOffReply on the item of ${triggers.map((t) => `"${t.name}"`).join(', ')}).`,
		WRONG_MODE_FIX,
	);
}

/** One answer per push: the first item's; every item passes through with `pushAnswer` added. */
export async function executeBatch(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	if (items.length === 0) return [];
	const answer = this.getNodeParameter('answer', 0, 'success') as 'success' | 'handOff';
	try {
		const reply = handOffReplyOf(this, 0);
		const response = answer === 'handOff' ? reply : { body: 'success', contentType: 'text/plain; charset=utf-8' };
		// A Buffer body is written as it is, with these headers, on n8n 1.x and 2.x alike.
		await this.sendResponse({ body: Buffer.from(response.body, 'utf8'), headers: { 'content-type': response.contentType }, statusCode: 200 });
	} catch (error) {
		throw toNodeError(this, error, 0);
	}
	return items.map((item, itemIndex) => ({ json: { ...item.json, pushAnswer: answer }, pairedItem: { item: itemIndex } }));
}
