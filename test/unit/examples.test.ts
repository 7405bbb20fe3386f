import fs from 'node:fs';
import path from 'node:path';

import { WeChatTemplateLookup } from '../../nodes/WeChatTemplateLookup/WeChatTemplateLookup.node';
import { WeChatMiniProgramTrigger } from '../../nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node';
import { ALERT_NODE, bindAlertUrl, bindDataTables, DATA_TABLES, EXAMPLE_FILES, EXAMPLES, SAFE_AI_TRIGGER } from '../../harness/examples';

const examplesDir = path.join(__dirname, '..', '..', 'examples');

describe('example workflows', () => {
	it.each(Object.entries(EXAMPLE_FILES))('%s is current with harness/examples/ (run npm run examples)', (key, file) => {
		const onDisk: unknown = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
		expect(onDisk).toEqual(JSON.parse(JSON.stringify(EXAMPLES[key as keyof typeof EXAMPLES])));
	});

	it('every trigger node has the version the editor gives a new one (its defaultVersion)', () => {
		const triggers = Object.values(EXAMPLES).flatMap((workflow) =>
			(workflow.nodes as Array<{ type: string; typeVersion: number }>).filter((node) => node.type.endsWith('.weChatMiniProgramTrigger')),
		);
		expect(triggers.length).toBeGreaterThan(0);
		for (const trigger of triggers) expect(trigger.typeVersion).toBe(new WeChatMiniProgramTrigger().description.defaultVersion);
	});

	it('every Template Lookup node has the version the editor gives a new one (its defaultVersion)', () => {
		const lookups = Object.values(EXAMPLES).flatMap((workflow) =>
			(workflow.nodes as Array<{ type: string; typeVersion: number }>).filter((node) => node.type.endsWith('.weChatTemplateLookup')),
		);
		expect(lookups.length).toBeGreaterThan(0);
		for (const lookup of lookups) expect(lookup.typeVersion).toBe(new WeChatTemplateLookup().description.defaultVersion);
	});

	it('every trigger node names its Events, so no example depends on a version default (delivery results are off by default from version 3)', () => {
		const triggers = Object.values(EXAMPLES).flatMap((workflow) =>
			(workflow.nodes as Array<{ type: string; parameters: Record<string, unknown> }>).filter((node) => node.type.endsWith('.weChatMiniProgramTrigger')),
		);
		for (const trigger of triggers) expect(Array.isArray(trigger.parameters.events) && trigger.parameters.events.length > 0).toBe(true);
	});

	type Node = { name: string; type: string; parameters: Record<string, unknown> };
	const nodesOf = (workflow: unknown) => (workflow as { nodes: Node[] }).nodes;
	const tableNames = Object.values(DATA_TABLES).map((table) => table.name);
	const lifecycleKeys = ['dailyReminder', 'subscriptionLedger', 'deliveryTracking'] as const;

	it('the lifecycle workflows name only the documented data tables, by name, with only their columns', () => {
		for (const key of lifecycleKeys) {
			const tables = nodesOf(EXAMPLES[key]).filter((node) => node.type === 'n8n-nodes-base.dataTable');
			expect(tables.length).toBeGreaterThan(0);
			for (const node of tables) {
				const ref = node.parameters.dataTableId as { mode: string; value: string };
				expect(ref.mode).toBe('name');
				expect(tableNames).toContain(ref.value);
				const spec = Object.values(DATA_TABLES).find((table) => table.name === ref.value);
				const written = Object.keys((node.parameters.columns as { value?: Record<string, unknown> } | undefined)?.value ?? {});
				for (const column of written) expect(spec?.columns.map((c) => c.name)).toContain(column);
			}
		}
	});

	it('no table declares a column n8n reserves (id, createdAt, updatedAt)', () => {
		for (const table of Object.values(DATA_TABLES)) {
			expect(table.columns.map((c) => c.name).filter((name) => ['id', 'createdAt', 'updatedAt'].includes(name))).toEqual([]);
		}
	});

	it('bindDataTables swaps every name for the id n8n gave the table (n8n 1.x has no by-name mode), leaving the examples untouched', () => {
		const ids = Object.fromEntries(tableNames.map((name, i) => [name, `TableId${i}`]));
		const bound = bindDataTables(EXAMPLES.dailyReminder, ids);
		for (const node of nodesOf(bound).filter((n) => n.type === 'n8n-nodes-base.dataTable')) {
			const ref = node.parameters.dataTableId as { mode: string; value: string; cachedResultName: string };
			expect(ref.mode).toBe('list');
			expect(ref.value).toBe(ids[ref.cachedResultName]);
		}
		expect((nodesOf(EXAMPLES.dailyReminder).find((n) => n.type === 'n8n-nodes-base.dataTable')?.parameters.dataTableId as { mode: string }).mode).toBe('name');
		expect(() => bindDataTables(EXAMPLES.dailyReminder, {})).toThrow(/no id for data table/);
	});

	it('writes every lifecycle row with one bulk insert per node: rows shaped by Prepare Rows or Compact, no expression per column', () => {
		for (const key of lifecycleKeys) {
			for (const node of nodesOf(EXAMPLES[key]).filter((n) => n.type === 'n8n-nodes-base.dataTable')) {
				const operation = node.parameters.operation;
				// n8n's Data Table node runs upsert and update one query per item.
				expect({ node: node.name, operation }).not.toEqual({ node: node.name, operation: expect.stringMatching(/^(upsert|update)$/) });
				if (operation !== 'insert') continue;
				expect({ node: node.name, columns: node.parameters.columns, options: node.parameters.options }).toMatchObject({
					node: node.name,
					columns: { mappingMode: 'autoMapInputData', value: {} },
					options: { optimizeBulk: true },
				});
			}
		}
	});

	it('the reminder routes by the template each Send node uses: each Compute Balance reads it from the Send node it feeds', () => {
		const workflow = EXAMPLES.dailyReminder as unknown as { nodes: Node[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
		expect(workflow.nodes.filter((node) => /\.(switch|if|filter)$/.test(node.type))).toEqual([]);
		const computes = workflow.nodes.filter((node) => node.parameters.operation === 'computeBalance');
		expect(computes).toHaveLength(2);
		for (const compute of computes) {
			const [next] = workflow.connections[compute.name].main[0];
			const send = workflow.nodes.find((node) => node.name === next.node);
			expect(send?.parameters).toMatchObject({ resource: 'subscriptionMessage', operation: 'send' });
			expect(compute.parameters.templateId).toEqual({ __rl: true, mode: 'id', value: `={{ $('${String(send?.name)}').params.templateId.value }}` });
		}
	});

	const postgresKeys = ['postgresSubscriptionLedger', 'postgresDailyReminder', 'postgresDeliveryTracking'] as const;

	it('PostgreSQL: every write after our items is one statement of all of them (Aggregate, then $1 as JSON)', () => {
		for (const key of postgresKeys) {
			const workflow = EXAMPLES[key] as unknown as { nodes: Node[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
			const gathers = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.aggregate');
			expect(gathers.length).toBeGreaterThan(0);
			for (const gather of gathers) {
				const [next] = workflow.connections[gather.name].main[0];
				const statement = workflow.nodes.find((node) => node.name === next.node);
				expect(statement).toMatchObject({ type: 'n8n-nodes-base.postgres', parameters: { operation: 'executeQuery', options: { queryReplacement: '={{ [JSON.stringify($json.rows)] }}' } } });
				expect(String(statement?.parameters.query)).toContain('jsonb_to_recordset($1::jsonb)');
			}
		}
	});

	it("PostgreSQL: each reminder query reads the template from the Send node it feeds", () => {
		const workflow = EXAMPLES.postgresDailyReminder as unknown as { nodes: Node[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
		const queries = workflow.nodes.filter((node) => node.name.startsWith('Who Gets'));
		expect(queries).toHaveLength(2);
		for (const query of queries) {
			const [next] = workflow.connections[query.name].main[0];
			expect(String((query.parameters.options as { queryReplacement: string }).queryReplacement)).toContain(`$('${next.node}').params.templateId.value`);
		}
	});

	it('the lifecycle workflows report their failures to the alert workflow', () => {
		for (const key of [...lifecycleKeys, ...postgresKeys]) expect((EXAMPLES[key] as { settings: Record<string, unknown> }).settings.errorWorkflow).toBe(EXAMPLES.alertOnFailure.id);
		expect(nodesOf(EXAMPLES.alertOnFailure).map((node) => node.type)).toContain('n8n-nodes-base.errorTrigger');
	});

	it('bindAlertUrl points the alert at another robot URL, leaving the example untouched', () => {
		const bound = bindAlertUrl(EXAMPLES.alertOnFailure, 'http://127.0.0.1:1/cgi-bin/webhook/send?key=k');
		expect(nodesOf(bound).find((node) => node.name === ALERT_NODE)?.parameters.url).toBe('http://127.0.0.1:1/cgi-bin/webhook/send?key=k');
		expect(nodesOf(EXAMPLES.alertOnFailure).find((node) => node.name === ALERT_NODE)?.parameters.url).toMatch(/^https:\/\/qyapi\.weixin\.qq\.com\//);
	});

	it('example 15: every node between the trigger and Answer Push continues on fail, and every path ends in Answer Push (WeChat is never left unanswered)', () => {
		const workflow = EXAMPLES.safeAiReply as unknown as { nodes: Array<Node & { onError?: string }>; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
		const byName = (name: string) => workflow.nodes.find((node) => node.name === name);
		const isAnswer = (name: string) => byName(name)?.parameters.operation === 'answerPush';
		const answers = new Set<string>();
		// Walk every path from the trigger: each node that can fail (a WeChat call, the agent) continues on fail,
		// and each path's last node answers the push.
		const walk = (name: string, seen: string[]): void => {
			if (isAnswer(name)) return void answers.add(String(byName(name)?.parameters.answer));
			const nexts = (workflow.connections[name]?.main ?? []).flat().map((next) => next.node);
			expect({ name, continues: nexts.length > 0 }).toEqual({ name, continues: true });
			const node = byName(name);
			if (node && (node.type.endsWith('.weChatMiniProgram') || node.type.endsWith('.agent'))) expect({ name, onError: node.onError }).toEqual({ name, onError: 'continueRegularOutput' });
			for (const next of nexts) if (!seen.includes(next)) walk(next, [...seen, next]);
		};
		walk(SAFE_AI_TRIGGER, [SAFE_AI_TRIGGER]);
		expect([...answers].sort()).toEqual(['handOff', 'success']);
		for (const name of ['Write A Reply', 'Check The Reply', 'Send The Reply']) expect(byName(name)?.onError).toBe('continueRegularOutput');
	});

	it('the ledger trigger listens to popups and settings changes; delivery tracking to delivery results', () => {
		const trigger = (workflow: unknown) => nodesOf(workflow).find((node) => node.type.endsWith('.weChatMiniProgramTrigger'))?.parameters.events;
		expect(trigger(EXAMPLES.subscriptionLedger)).toEqual(['subscribe_msg_popup_event', 'subscribe_msg_change_event']);
		expect(trigger(EXAMPLES.deliveryTracking)).toEqual(['subscribe_msg_sent_event']);
	});
});
