/**
 * The POST webhook's responseMode: `responseNode` when Customer Service Messages is "Later in the
 * Workflow" (n8n then holds the request until Answer Push answers it, as for its own Webhook node), otherwise
 * `onReceived` (the trigger answers WeChat itself).
 *
 * n8n evaluates an expression in a webhook description on every request. n8n 2.x resolves a field without
 * its expression engine when the description also declares a resolver for it under the global symbol
 * `n8n.webhookDescriptionResolvers` (n8n-workflow's WEBHOOK_RESOLVERS, used by its own Webhook node) and
 * the node's parameters hold no expression; the template must stay byte-identical to the one declared.
 * n8n 1.x ignores the symbol and evaluates the template, which gives the same answer. The symbol is made
 * here rather than imported, because n8n 1.x's n8n-workflow does not export it.
 */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

export const RESPONSE_MODE_TEMPLATE = '={{$parameter["customerServiceAnswer"] === "later" ? "responseNode" : "onReceived"}}';

/** What the template computes, from the node's parameters. */
export function responseModeOf(parameters: Record<string, unknown>): 'responseNode' | 'onReceived' {
	return parameters.customerServiceAnswer === 'later' ? 'responseNode' : 'onReceived';
}

/** Spread into the POST webhook's description. */
export const postResponseMode = {
	responseMode: RESPONSE_MODE_TEMPLATE,
	[WEBHOOK_RESOLVERS]: { responseMode: { template: RESPONSE_MODE_TEMPLATE, resolve: responseModeOf } },
};
