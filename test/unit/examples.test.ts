import fs from 'node:fs';
import path from 'node:path';

import { WeChatMiniProgramTrigger } from '../../nodes/WeChatMiniProgramTrigger/WeChatMiniProgramTrigger.node';
import { EXAMPLE_FILES, EXAMPLES } from '../../scripts/build-examples';

const examplesDir = path.join(__dirname, '..', '..', 'examples');

describe('example workflows', () => {
	it.each(Object.entries(EXAMPLE_FILES))('%s is current with scripts/build-examples.ts (run npm run examples)', (key, file) => {
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
});
