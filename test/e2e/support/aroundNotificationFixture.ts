/**
 * What the around-notification e2e imports besides the examples: manual probes of the code image and of
 * each documented limit, and two customer-service triggers (one hands off itself, one leaves the answer to
 * Answer Push later in the workflow).
 */
import { actionNode, chain, codeNode, link, manualTrigger, node, noOpNode, triggerNode, workflow, type NodeParameters, type Position } from '../../../harness';
import { CREDENTIAL, TRIGGER_TYPE_VERSION } from '../../../harness/examples';
import { SANDBOX_OPENIDS } from '../../../sandbox/seed';
import { SANDBOX_ORDER_IDS } from '../../../sandbox/shipping';

const START = 'When Clicking Execute';

function weChatNode(id: string, name: string, position: Position, parameters: NodeParameters) {
	return actionNode(id, name, position, CREDENTIAL, parameters);
}

/** One WeChat Mini Program node after a manual trigger. */
function probe(id: string, name: string, parameters: NodeParameters) {
	return workflow(id, `E2E: ${name}`, [manualTrigger(`${id}-start`, START), weChatNode(`${id}-node`, name, [240, 0], parameters)], chain(START, name));
}

export const CODE_SCENE = 'order=1001';
export const CODE_PAGE = 'pages/order/detail';
export const CODE_WIDTH = 280;

/** The code image, then its bytes as base64 by n8n's own Extract From File. */
export const CODE_PROBE = workflow(
	'e2eCodeProbe0001',
	'E2E: the mini program code as bytes',
	[
		manualTrigger('e2e-code-start', START),
		weChatNode('e2e-code-get', 'Get Code', [240, 0], {
			resource: 'miniProgramCode',
			operation: 'getUnlimitedCode',
			scene: CODE_SCENE,
			page: CODE_PAGE,
			envVersion: 'release',
			transparent: true,
			binaryPropertyName: 'data',
			options: { width: CODE_WIDTH },
		}),
		node('n8n-nodes-base.extractFromFile', 1.1, 'e2e-code-bytes', 'Bytes As Base64', [480, 0], { operation: 'binaryToPropery', binaryPropertyName: 'data', destinationKey: 'base64', options: {} }),
	],
	chain(START, 'Get Code', 'Bytes As Base64'),
);

/** A URL Link whose query is one character over WeChat's 1024. */
export const LONG_QUERY_PROBE = probe('e2eLongQuery0001', 'Link With Long Query', {
	resource: 'miniProgramLink',
	operation: 'createUrlLink',
	path: 'pages/subscribe/index',
	query: `a=${'x'.repeat(1023)}`,
	envVersion: 'release',
	expireType: 'interval',
	expireIntervalDays: 30,
});

/** A code whose scene is one character over WeChat's 32. */
export const LONG_SCENE_PROBE = probe('e2eLongScene0001', 'Code With Long Scene', {
	resource: 'miniProgramCode',
	operation: 'getUnlimitedCode',
	scene: 'x'.repeat(33),
	page: CODE_PAGE,
	envVersion: 'release',
	transparent: true,
	binaryPropertyName: 'data',
	options: {},
});

/** Shipping info whose item description is one character over WeChat's 120. */
export const LONG_DESCRIPTION_PROBE = probe('e2eLongDesc00001', 'Shipping With Long Description', {
	resource: 'orderShipping',
	operation: 'uploadShippingInfo',
	orderBy: 'transactionId',
	transactionId: SANDBOX_ORDER_IDS.membership,
	payerOpenid: SANDBOX_OPENIDS.bob,
	logisticsType: 1,
	parcels: 'one',
	expressCompany: { __rl: true, mode: 'id', value: 'YTO' },
	trackingNo: 'YT0000000001',
	itemDesc: '会'.repeat(121),
	receiverContact: '',
	options: {},
});

/** The user the long-reply probe writes to (SANDBOX_OPENIDS.carol: no other test of this suite writes as carol). */
export const LONG_REPLY_OPENID = SANDBOX_OPENIDS.carol;
export const LONG_REPLY_CHARACTERS = 11000;

/** Two replies to one user: a short one, then 11 000 characters (22 000 bytes of UTF-8 in Chinese, over 2 048). */
export const LONG_REPLY_PROBE = workflow(
	'e2eLongReply0001',
	'E2E: a customer-service reply over the length limit',
	[
		manualTrigger('e2e-long-reply-start', START),
		codeNode(
			'e2e-long-reply-items',
			'Two Replies',
			[240, 0],
			`return [{ json: { openid: ${JSON.stringify(LONG_REPLY_OPENID)}, text: '您好' } }, { json: { openid: ${JSON.stringify(LONG_REPLY_OPENID)}, text: '长'.repeat(${LONG_REPLY_CHARACTERS}) } }];`,
		),
		weChatNode('e2e-long-reply-send', 'Reply', [480, 0], { resource: 'customerServiceMessage', operation: 'send', touser: '={{ $json.openid }}', msgtype: 'text', content: '={{ $json.text }}', options: {} }),
	],
	chain(START, 'Two Replies', 'Reply'),
);

export const HAND_OFF_TRIGGER = { workflowId: 'e2eHandOffTrig01', webhookId: '7c1e0f3a-52d4-4a8e-9b61-0000000000b1', node: 'Messages To Hand Off' };
export const HAND_OFF_WORDS = '人工, human';

/** The trigger hands off itself: safe mode, a text containing 人工 or human. */
export const HAND_OFF_WORKFLOW = workflow(
	HAND_OFF_TRIGGER.workflowId,
	'E2E: the trigger hands off',
	[
		triggerNode('e2e-hand-off-trigger', HAND_OFF_TRIGGER.node, [0, 0], TRIGGER_TYPE_VERSION, HAND_OFF_TRIGGER.webhookId, CREDENTIAL, {
			events: ['customer_service_message'],
			encryptionMode: 'safe',
			dataFormat: 'auto',
			customerServiceAnswer: 'handOff',
			handOffKeywords: HAND_OFF_WORDS,
			options: {},
		}),
		noOpNode('e2e-hand-off-done', 'Done', [240, 0]),
	],
	chain(HAND_OFF_TRIGGER.node, 'Done'),
);

/** A trigger for customer-service messages in compatible mode whose push the workflow answers (Later in the Workflow). */
const ANSWERED_LATER = { events: ['customer_service_message'], encryptionMode: 'compatible', dataFormat: 'auto', customerServiceAnswer: 'later', options: {} };

export const LATER_TRIGGER = { workflowId: 'e2eLaterAnswer01', webhookId: '7c1e0f3a-52d4-4a8e-9b61-0000000000b2', node: 'Messages Answered Later' };

/** Compatible mode, answered later: Answer Push hands off a text containing 人工, and answers success to anything else. */
export const LATER_WORKFLOW = workflow(
	LATER_TRIGGER.workflowId,
	'E2E: answered later in the workflow',
	[
		triggerNode('e2e-later-trigger', LATER_TRIGGER.node, [0, 0], TRIGGER_TYPE_VERSION, LATER_TRIGGER.webhookId, CREDENTIAL, ANSWERED_LATER),
		node('n8n-nodes-base.if', 2, 'e2e-later-if', 'Wants A Person', [240, 0], {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose' },
				conditions: [{ id: 'c1', leftValue: '={{ $json.content ?? "" }}', rightValue: '人工', operator: { type: 'string', operation: 'contains' } }],
				combinator: 'and',
			},
			options: {},
		}),
		weChatNode('e2e-later-hand-off', 'Hand Off', [480, -100], { resource: 'customerServiceMessage', operation: 'answerPush', answer: 'handOff' }),
		weChatNode('e2e-later-success', 'Answer Success', [480, 100], { resource: 'customerServiceMessage', operation: 'answerPush', answer: 'success' }),
	],
	{
		[LATER_TRIGGER.node]: { main: [[link('Wants A Person')]] },
		'Wants A Person': { main: [[link('Hand Off')], [link('Answer Success')]] },
	},
);

export const RESPOND_NODE_TRIGGER = { workflowId: 'e2eRespondNode01', webhookId: '7c1e0f3a-52d4-4a8e-9b61-0000000000b3', node: 'Messages For Respond To Webhook' };

/** What the node reference (docs/nodes.md) says not to build: the trigger answered later by n8n's own Respond to Webhook node instead of Answer Push. */
export const RESPOND_NODE_WORKFLOW = workflow(
	RESPOND_NODE_TRIGGER.workflowId,
	"E2E: n8n's Respond to Webhook after the trigger",
	[
		triggerNode('e2e-respond-trigger', RESPOND_NODE_TRIGGER.node, [0, 0], TRIGGER_TYPE_VERSION, RESPOND_NODE_TRIGGER.webhookId, CREDENTIAL, ANSWERED_LATER),
		node('n8n-nodes-base.respondToWebhook', 1.4, 'e2e-respond-node', 'Respond to Webhook', [240, 0], { respondWith: 'text', responseBody: 'success', options: {} }),
	],
	chain(RESPOND_NODE_TRIGGER.node, 'Respond to Webhook'),
);

export const AROUND_NOTIFICATION_PROBES = [CODE_PROBE, LONG_QUERY_PROBE, LONG_SCENE_PROBE, LONG_DESCRIPTION_PROBE, LONG_REPLY_PROBE, HAND_OFF_WORKFLOW, LATER_WORKFLOW, RESPOND_NODE_WORKFLOW];
