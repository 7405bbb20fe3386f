/**
 * A closed-loop load generator: `clients` callers, each sending its next request as soon as the last
 * one is answered, for `seconds`. Keep-alive sockets, one per client. Returns every latency.
 */
import http from 'node:http';

export interface LoadRequest {
	path: string;
	headers: Record<string, string>;
	body: Buffer;
}

export interface LoadResult {
	requests: number;
	ok: number;
	failed: number;
	seconds: number;
	latenciesMs: number[];
	statuses: Record<string, number>;
}

function send(agent: http.Agent, baseUrl: URL, request: LoadRequest): Promise<number> {
	return new Promise((resolve) => {
		const req = http.request(
			{
				host: baseUrl.hostname,
				port: baseUrl.port,
				method: 'POST',
				path: request.path,
				agent,
				headers: { ...request.headers, 'content-length': String(request.body.length) },
				timeout: 30_000,
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
				res.on('error', () => resolve(0));
			},
		);
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
		req.end(request.body);
	});
}

/** Runs the load; `next(i)` gives the i-th request (cycle through a prepared pool). */
export async function runClosedLoop(baseUrl: string, clients: number, seconds: number, next: (i: number) => LoadRequest): Promise<LoadResult> {
	const url = new URL(baseUrl);
	const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
	const latenciesMs: number[] = [];
	const statuses: Record<string, number> = {};
	let issued = 0;
	const started = performance.now();
	const deadline = started + seconds * 1000;
	const client = async (): Promise<void> => {
		while (performance.now() < deadline) {
			const request = next(issued++);
			const sentAt = performance.now();
			const status = await send(agent, url, request);
			latenciesMs.push(performance.now() - sentAt);
			statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: clients }, () => client()));
	const elapsed = (performance.now() - started) / 1000;
	agent.destroy();
	const ok = statuses['200'] ?? 0;
	return { requests: latenciesMs.length, ok, failed: latenciesMs.length - ok, seconds: elapsed, latenciesMs, statuses };
}
