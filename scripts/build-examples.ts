/**
 * Writes the importable example workflows (examples/*.json) from harness/examples. Run: npm run examples.
 */
import fs from 'node:fs';
import path from 'node:path';

import { EXAMPLE_FILES, EXAMPLES } from '../harness/examples';

const dir = process.argv[2] ?? path.join(__dirname, '..', '..', 'examples'); // run from .build/scripts/
for (const [key, file] of Object.entries(EXAMPLE_FILES)) {
	fs.writeFileSync(path.join(dir, file), `${JSON.stringify(EXAMPLES[key as keyof typeof EXAMPLES], null, 2)}\n`);
}
console.log(`wrote ${Object.keys(EXAMPLE_FILES).length} example workflows to ${dir}`);
