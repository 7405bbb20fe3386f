/**
 * Starts a sandbox in this process with a probe on its HTTP server: how many WeChat API requests are in
 * flight (peak), and when the first send arrived and the last one was answered. The probe listens to the
 * server's 'request' event beside the sandbox's own handler and changes nothing the sandbox answers.
 */
import http from 'node:http';

import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server';

const SEND_PATH = '/cgi-bin/message/subscribe/send';

export interface TrafficWindow {
	/** Most WeChat API requests open at once. */
	peakInFlight: number;
	/** performance.now() of the first send request's arrival, and of the last send answer's end. */
	firstSendAt?: number;
	lastSendDoneAt?: number;
	sends: number;
}

export interface ProbedSandbox {
	sandbox: Sandbox;
	/** Starts a new observation window (peak and times from now on). */
	openWindow(): void;
	window(): TrafficWindow;
}

export async function startProbedSandbox(options: SandboxOptions): Promise<ProbedSandbox> {
	let inFlight = 0;
	let current: TrafficWindow = { peakInFlight: 0, sends: 0 };
	const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
		const path = (req.url ?? '/').split('?', 1)[0];
		if (path.startsWith('/__sandbox')) return;
		const isSend = path === SEND_PATH;
		inFlight++;
		if (inFlight > current.peakInFlight) current.peakInFlight = inFlight;
		if (isSend) {
			current.sends++;
			current.firstSendAt ??= performance.now();
		}
		res.once('close', () => {
			inFlight--;
			if (isSend) current.lastSendDoneAt = performance.now();
		});
	};

	// startSandbox builds its server with http.createServer: hand it one that also reports to the probe.
	const createServer = http.createServer;
	http.createServer = ((...args: Parameters<typeof http.createServer>) => {
		const server = createServer(...args);
		server.on('request', onRequest);
		return server;
	}) as typeof http.createServer;
	let sandbox: Sandbox;
	try {
		sandbox = await startSandbox(options);
	} finally {
		http.createServer = createServer;
	}
	return {
		sandbox,
		openWindow: () => {
			current = { peakInFlight: inFlight, sends: 0 };
		},
		window: () => ({ ...current }),
	};
}
