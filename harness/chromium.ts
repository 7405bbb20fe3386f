import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './communityPackage';
import type { N8nHandle } from './n8n';
import { runCommand } from './process';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Installs Debian's chromium (scripts/n8n/ensure-chromium.sh) unless it is already there. */
export async function ensureChromium(): Promise<string> {
	if (!existsSync(CHROMIUM_PATH)) {
		await runCommand('bash', [join(repoRoot, 'scripts', 'n8n', 'ensure-chromium.sh')], {
			cwd: repoRoot,
			env: process.env,
			timeoutMs: 10 * 60 * 1000,
		});
	}
	return CHROMIUM_PATH;
}

/** Debian's WenQuanYi Micro Hei (about 5 MB): without some CJK font chromium draws Chinese text as empty boxes. */
export const CJK_FONT_PACKAGE = 'fonts-wqy-microhei';

/**
 * Installs a CJK font with apt-get (as root, or through sudo) unless fontconfig already knows one for Chinese.
 * Returns false, with a warning on stderr, when it cannot: the editor still works, Chinese just shows as boxes.
 */
export async function ensureCjkFont(): Promise<boolean> {
	const options = { cwd: repoRoot, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 10 * 60 * 1000 };
	const known = await runCommand('fc-list', [':lang=zh', 'family'], options).then(
		(result) => result.stdout.trim(),
		() => '',
	);
	if (known !== '') return true;
	const apt = (...args: string[]) =>
		process.getuid?.() === 0 ? runCommand('apt-get', args, options) : runCommand('sudo', ['-n', '-E', 'apt-get', ...args], options);
	const install = () => apt('install', '-y', '--no-install-recommends', CJK_FONT_PACKAGE);
	try {
		await install().catch(async () => {
			await apt('update'); // a fresh machine has no package lists yet
			await install();
		});
		return true;
	} catch (error) {
		process.stderr.write(`[harness] could not install ${CJK_FONT_PACKAGE}; Chinese text will show as boxes: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
		return false;
	}
}

export interface EditorSession {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Saves a PNG of the current viewport (creates the folder) and returns its path. */
	screenshot(path: string): Promise<string>;
	close(): Promise<void>;
}

export interface OpenEditorOptions {
	viewport?: { width: number; height: number };
	/** Milliseconds to wait for the page to load, and again for the first canvas node (default 60 s each). */
	timeoutMs?: number;
}

export const CANVAS_NODE_SELECTOR = '[data-test-id="canvas-node"]';

/** Logs the owner in through the REST API (the cookie lands in the browser context) and opens a workflow. */
export async function openEditor(handle: N8nHandle, workflowId: string, options: OpenEditorOptions = {}): Promise<EditorSession> {
	const executablePath = await ensureChromium();
	await ensureCjkFont();
	const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
	try {
		const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
		const login = await context.request.post(`${handle.baseUrl}/rest/login`, {
			data: { emailOrLdapLoginId: handle.owner.email, password: handle.owner.password },
		});
		if (!login.ok()) throw new Error(`login answered ${login.status()}: ${await login.text()}`);
		const page = await context.newPage();
		// Under load the editor's bundle takes a while: the page load gets the same allowance as the canvas.
		await page.goto(`${handle.baseUrl}/workflow/${workflowId}`, { timeout: options.timeoutMs ?? 60000 });
		await page.locator(CANVAS_NODE_SELECTOR).first().waitFor({ state: 'visible', timeout: options.timeoutMs ?? 60000 });
		return {
			browser,
			context,
			page,
			screenshot: async (path) => {
				mkdirSync(dirname(path), { recursive: true });
				await page.screenshot({ path });
				return path;
			},
			close: () => browser.close(),
		};
	} catch (error) {
		await browser.close();
		throw error;
	}
}
