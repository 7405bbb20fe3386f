import { createServer } from 'node:net';

import { DemoError } from './config';

/**
 * Fails with a message a user can act on when a fixed port is taken: checked before the minutes-long
 * first install, not after. Binds the address the demo's servers listen on (loopback).
 */
export function assertPortFree(port: number, what: string, envName: string, command = 'npm run demo'): Promise<void> {
	return new Promise((resolveFree, reject) => {
		const server = createServer();
		server.once('error', (error: NodeJS.ErrnoException) => {
			const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
			reject(
				new DemoError(
					`Port ${port} for ${what} ${why}. Another demo or n8n still running? ` +
						`Stop it, or pick another port: ${envName}=<port> ${command}`,
				),
			);
		});
		server.listen(port, '127.0.0.1', () => server.close(() => resolveFree()));
	});
}
