import fs from 'node:fs';
import path from 'node:path';

import { WeChatClient } from '../../nodes/WeChat/client';
import { listAccountTemplates } from '../../nodes/WeChat/templates';
import { StableTokenCache } from '../../nodes/WeChat/token';
import { startSandbox } from '../../sandbox/server';
import { EXAMPLE_FILES, EXAMPLES } from '../../scripts/build-examples';

const examplesDir = path.join(__dirname, '..', '..', 'examples');

describe('example workflows', () => {
	it.each(Object.entries(EXAMPLE_FILES))('%s is current with scripts/build-examples.ts (run npm run examples)', (key, file) => {
		const onDisk: unknown = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
		expect(onDisk).toEqual(JSON.parse(JSON.stringify(EXAMPLES[key as keyof typeof EXAMPLES])));
	});

	it("maps exactly the keywords of each Send node's sandbox template", async () => {
		const sandbox = await startSandbox({ port: 0 });
		try {
			const client = new WeChatClient({
				credentials: { appId: sandbox.appId, appSecret: sandbox.appSecret, baseUrl: sandbox.url },
				send: async (request) => {
					const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
					return { statusCode: response.status, body: await response.text() };
				},
				sleep: async () => {},
				tokenCache: new StableTokenCache(),
			});
			const templates = await listAccountTemplates(client, 'test');
			const sendNodes = Object.values(EXAMPLES).flatMap((workflow) =>
				workflow.nodes.filter((node) => node.type.endsWith('.weChatMiniProgram')),
			);
			expect(sendNodes).toHaveLength(2);
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
		} finally {
			await sandbox.close();
		}
	});
});
