/**
 * The package as users install it: this repository's `npm pack` tarball, packed once per test file (every
 * n8n the file starts installs the same tarball) in a scratch folder deleted after the file's tests.
 * Call `usePackedRepository()` at the top of a file; the function it returns gives the tarball's path
 * inside hooks and tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packRepository } from '../../../harness';

/** How long the packing hook may take (npm pack of the built dist/, which it checks first). */
const PACK_TIMEOUT_MS = 5 * 60 * 1000;

export function usePackedRepository(scratchPrefix: string): () => string {
	let tarballDir: string | undefined;
	let tarball: string | undefined;

	beforeAll(async () => {
		tarballDir = mkdtempSync(join(tmpdir(), scratchPrefix));
		tarball = await packRepository(tarballDir);
	}, PACK_TIMEOUT_MS);

	afterAll(() => {
		if (tarballDir !== undefined) rmSync(tarballDir, { recursive: true, force: true });
	});

	return () => {
		if (tarball === undefined) throw new Error('the tarball exists only inside the tests of the file that called usePackedRepository(), once packing succeeded');
		return tarball;
	};
}
