import { createServer } from 'node:net';

/** n8n's task broker default: never hand it out, an n8n started elsewhere may hold it. */
const RESERVED_PORTS = new Set([5678, 5679]);

/** Ports handed out by this process, so two instances started back to back never get the same one. */
const handedOut = new Set<number>();

function ephemeralPort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** A TCP port that was free a moment ago (the OS picks it), never 5678/5679 and never handed out twice here. */
export async function freePort(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await ephemeralPort();
		if (port > 0 && !RESERVED_PORTS.has(port) && !handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('could not find a free TCP port');
}
