/**
 * The example workflows (harness/examples/) name real sandbox templates: each Send node maps
 * exactly the keywords of its template, labelled as the resource mapper labels them.
 */
import { WeChatClient } from '../../nodes/protocol/client';
import { listAccountTemplates } from '../../nodes/protocol/templateApi';
import { StableTokenCache } from '../../nodes/protocol/token';
import { EXAMPLES } from '../../harness/examples';
import { fetchSend, useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();

describe('example workflows against the sandbox', () => {
	it("maps exactly the keywords of each Send node's sandbox template", async () => {
		const client = new WeChatClient({
			credentials: sandbox.weChatCredentials(),
			send: fetchSend,
			sleep: async () => {},
			tokenCache: new StableTokenCache(),
		});
		const templates = await listAccountTemplates(client, 'test');
		const sendNodes = Object.values(EXAMPLES).flatMap((workflow) =>
			workflow.nodes.filter((node) => node.type.endsWith('.weChatMiniProgram') && (node.parameters as { resource?: string }).resource === 'subscriptionMessage'),
		);
		// Example 1's one Send node, the two of examples 3 and 11 (one per reminder template), example 13's one.
		expect(sendNodes.map((node) => node.name)).toEqual(['Send Shipping Notice', 'Send Appointment Reminder', 'Send Parking Reminder', 'Send Appointment Reminder', 'Send Parking Reminder', 'Tell The Buyer']);
		for (const node of sendNodes) {
			const parameters = node.parameters as { templateId: { value: string }; templateData: { value: Record<string, string>; schema: Array<{ id: string; displayName: string }> } };
			const template = templates.find((t) => t.templateId === parameters.templateId.value);
			expect(template).toBeDefined();
			// Every keyword of a template is required by WeChat.
			expect(Object.keys(parameters.templateData.value).sort()).toEqual((template?.keywords.map((k) => k.key) ?? []).sort());
			for (const column of parameters.templateData.schema) {
				const keyword = template?.keywords.find((k) => k.key === column.id);
				expect(column.displayName).toBe(`${keyword?.label} (${column.id})`);
			}
		}
	});

	it('replies in the customer-service example to the user who wrote, with types the sandbox accepts', () => {
		const nodes = EXAMPLES.customerService.nodes;
		const trigger = nodes.find((node) => node.type.endsWith('.weChatMiniProgramTrigger'));
		expect((trigger?.parameters as Record<string, unknown> | undefined)?.events).toEqual(['customer_service_message']);
		const replies = nodes.filter((node) => node.type.endsWith('.weChatMiniProgram'));
		expect(replies.map((node) => (node.parameters as Record<string, unknown>).msgtype).sort()).toEqual(['image', 'text', 'text']);
		for (const node of replies) {
			expect(node.parameters).toMatchObject({ resource: 'customerServiceMessage', operation: 'send', touser: '={{ $("Customer Messages").item.json.openid }}' });
		}
		expect(nodes.some((node) => node.type === 'n8n-nodes-base.stickyNote')).toBe(true);
	});
});
