/**
 * Which local process sent a request: an HTTP proxy in front of a server (the WeChat sandbox) that
 * names, for every loopback connection it accepts, the process holding the client end. Linux only:
 * /proc/net/tcp{,6} gives the socket inode of the client's port, and /proc/<pid>/fd links show which
 * process holds that inode. Used to count WeChat API calls per n8n process in queue mode.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';

export interface AttributedRequest {
	method: string;
	/** Path and query, as the client sent them. */
	path: string;
	/** The name of the client's process group (see `groups`), or `unknown`. */
	process: string;
	/** The PID holding the client socket, when found. */
	pid?: number;
	/** Epoch ms at which the request arrived. */
	at: number;
}

export interface AttributingProxyOptions {
	/** The server to forward to, e.g. `http://127.0.0.1:8787`. */
	target: string;
	/**
	 * Process-group leader PID → name. A connection is named after the group of the process that holds
	 * it (an n8n process and the task runners it spawned share its group). Read on every new connection.
	 */
	groups: () => Map<number, string>;
}

export interface AttributingProxy {
	/** Give this URL to the clients instead of the target's. */
	url: string;
	port: number;
	requests(): AttributedRequest[];
	/** How many requests each process made to `path` (exact path, query ignored); all paths when omitted. */
	countByProcess(path?: string): Record<string, number>;
	close(): Promise<void>;
}

const UNKNOWN = 'unknown';

/** The inode of the loopback TCP socket whose local port is `clientPort` and remote port `serverPort`. */
export function clientSocketInode(clientPort: number, serverPort: number): string | undefined {
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
			const fields = line.trim().split(/\s+/);
			if (fields.length < 10) continue;
			const localPort = Number.parseInt(fields[1].split(':')[1] ?? '', 16);
			const remotePort = Number.parseInt(fields[2].split(':')[1] ?? '', 16);
			if (localPort === clientPort && remotePort === serverPort && fields[9] !== '0') return fields[9];
		}
	}
	return undefined;
}

/** The process group of a PID (field 5 of /proc/<pid>/stat; the name in field 2 may hold spaces and parentheses). */
function processGroupOf(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(afterName[2]);
	} catch {
		return undefined; // gone meanwhile
	}
}

/** PIDs of every process in the given process groups. */
function membersOf(groups: ReadonlySet<number>): number[] {
	const members: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const pid = Number(entry);
		const group = processGroupOf(pid);
		if (group !== undefined && groups.has(group)) members.push(pid);
	}
	return members;
}

/** The PID among `candidates` that holds socket `inode`. */
export function socketHolder(inode: string, candidates: readonly number[]): number | undefined {
	const link = `socket:[${inode}]`;
	for (const pid of candidates) {
		let fds: string[];
		try {
			fds = readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (readlinkSync(`/proc/${pid}/fd/${fd}`) === link) return pid;
			} catch {
				// closed meanwhile
			}
		}
	}
	return undefined;
}

export async function startAttributingProxy(options: AttributingProxyOptions): Promise<AttributingProxy> {
	const target = new URL(options.target);
	const agent = new http.Agent({ keepAlive: true });
	const owners = new WeakMap<Socket, { process: string; pid?: number }>();
	const recorded: AttributedRequest[] = [];
	let port = 0;

	const identify = (socket: Socket): { process: string; pid?: number } => {
		const clientPort = socket.remotePort;
		if (clientPort === undefined) return { process: UNKNOWN };
		const inode = clientSocketInode(clientPort, port);
		if (inode === undefined) return { process: UNKNOWN };
		const groups = options.groups();
		const pid = socketHolder(inode, membersOf(new Set(groups.keys())));
		if (pid === undefined) return { process: UNKNOWN };
		const group = processGroupOf(pid);
		return { process: (group !== undefined ? groups.get(group) : undefined) ?? UNKNOWN, pid };
	};

	const server = http.createServer((req, res) => {
		const owner = owners.get(req.socket) ?? { process: UNKNOWN };
		recorded.push({ method: req.method ?? 'GET', path: req.url ?? '/', process: owner.process, pid: owner.pid, at: Date.now() });
		const upstream = http.request(
			{
				protocol: target.protocol,
				hostname: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: target.host },
				agent,
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end('attributing proxy: upstream failed');
		});
		req.pipe(upstream);
	});
	// Looked up while the client's socket certainly exists: as the connection is accepted.
	server.on('connection', (socket: Socket) => owners.set(socket, identify(socket)));

	await new Promise<void>((resolveListen, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolveListen());
	});
	const address = server.address();
	port = typeof address === 'object' && address !== null ? address.port : 0;

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests: () => [...recorded],
		countByProcess: (path) => {
			const counts: Record<string, number> = {};
			for (const request of recorded) {
				if (path !== undefined && request.path.split('?')[0] !== path) continue;
				counts[request.process] = (counts[request.process] ?? 0) + 1;
			}
			return counts;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
			agent.destroy();
		},
	};
}
