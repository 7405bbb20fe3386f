/**
 * A minimal Chrome DevTools Protocol client for another Node process started with --inspect: enough to
 * start and stop V8's sampling profiler around a measured run. Needs a global WebSocket (Node ≥ 22, or
 * Node 20 with --experimental-websocket).
 */
import type { CpuProfile } from './cpuProfile';

interface MinimalWebSocket {
	send(data: string): void;
	close(): void;
	addEventListener(type: 'open' | 'message' | 'error' | 'close', listener: (event: { data?: unknown }) => void): void;
}

type WebSocketConstructor = new (url: string) => MinimalWebSocket;

export interface InspectorSession {
	send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
	close(): void;
}

/** Connects to the first target of the inspector listening on `port`. */
export async function connectInspector(port: number): Promise<InspectorSession> {
	const WebSocketImpl = (globalThis as unknown as { WebSocket?: WebSocketConstructor }).WebSocket;
	if (WebSocketImpl === undefined) throw new Error('no global WebSocket: run with Node ≥ 22 or node --experimental-websocket');
	const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
	if (targets.length === 0) throw new Error(`no inspector target on port ${port}`);
	const socket = new WebSocketImpl(targets[0].webSocketDebuggerUrl);
	await new Promise<void>((resolve, reject) => {
		socket.addEventListener('open', () => resolve());
		socket.addEventListener('error', () => reject(new Error(`inspector WebSocket on port ${port} failed`)));
	});
	let nextId = 1;
	const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
	socket.addEventListener('message', (event) => {
		const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
		if (message.id === undefined) return;
		const waiter = pending.get(message.id);
		pending.delete(message.id);
		if (message.error) waiter?.reject(new Error(message.error.message));
		else waiter?.resolve(message.result);
	});
	return {
		send: <T>(method: string, params: Record<string, unknown> = {}) =>
			new Promise<T>((resolve, reject) => {
				const id = nextId++;
				pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
				socket.send(JSON.stringify({ id, method, params }));
			}),
		close: () => socket.close(),
	};
}

/** Runs `work` under V8's sampling profiler of the inspected process and returns the profile. */
export async function profileDuring(session: InspectorSession, work: () => Promise<void>, samplingIntervalUs = 250): Promise<CpuProfile> {
	await session.send('Profiler.enable');
	await session.send('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
	await session.send('Profiler.start');
	let failure: unknown;
	try {
		await work();
	} catch (error) {
		failure = error;
	}
	// A failed run still stops the profiler, then reports its own error.
	const { profile } = await session.send<{ profile: CpuProfile }>('Profiler.stop');
	await session.send('Profiler.disable');
	if (failure !== undefined) throw failure;
	return profile;
}
