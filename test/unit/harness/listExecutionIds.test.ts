import { listExecutionIds, type ExecutionListGet } from '../../../harness/executions';

/**
 * n8n 2.40.7's list as its repository builds it: filter by workflow, `id > firstId`, `id < lastId`,
 * ordered by start time (not id), at most 100 rows whatever `limit` asks.
 */
function fakeN8n(executions: Array<{ id: number; workflowId: string; startedAt: number }>): { get: ExecutionListGet; calls: string[] } {
	const calls: string[] = [];
	const get: ExecutionListGet = async (path) => {
		calls.push(path);
		const query = new URL(path, 'http://n8n').searchParams;
		const filter = JSON.parse(query.get('filter') ?? '{}') as { workflowId?: string };
		const firstId = Number(query.get('firstId') ?? -Infinity);
		const lastId = Number(query.get('lastId') ?? Infinity);
		const results = executions
			.filter((e) => (filter.workflowId === undefined || e.workflowId === filter.workflowId) && e.id > firstId && e.id < lastId)
			.sort((a, b) => b.startedAt - a.startedAt)
			.slice(0, Math.min(Number(query.get('limit') ?? 20), 100))
			.map((e) => ({ id: String(e.id) }));
		return { status: 200, body: { data: { results } } };
	};
	return { get, calls };
}

describe('listExecutionIds', () => {
	it('finds every execution when start order differs from id order, where following lastId loses some', async () => {
		// 1 000 executions of two workflows, started out of id order (as concurrent webhook calls are).
		const executions = Array.from({ length: 1000 }, (_, i) => ({
			id: i + 1,
			workflowId: i % 3 === 0 ? 'other' : 'wanted',
			startedAt: i + 1 + ((i * 7919) % 13) * 5,
		}));
		const wanted = executions.filter((e) => e.workflowId === 'wanted').map((e) => String(e.id));
		const { get } = fakeN8n(executions);

		expect(await listExecutionIds(get, 'wanted')).toEqual(wanted);
		expect(await listExecutionIds(get)).toHaveLength(1000);

		// The lastId walk it replaces: next page from the last row's id.
		const walked = new Set<string>();
		let lastId = '';
		for (;;) {
			const page = (await get(`/rest/executions?filter=${encodeURIComponent('{"workflowId":"wanted"}')}&limit=100${lastId ? `&lastId=${lastId}` : ''}`)).body.data.results;
			const fresh = page.filter((row) => !walked.has(String(row.id)));
			if (fresh.length === 0) break;
			for (const row of fresh) walked.add(String(row.id));
			lastId = String(page[page.length - 1].id);
		}
		expect(walked.size).toBeLessThan(wanted.length);
	});

	it('asks for no window when there is no execution, and for one per 99 ids otherwise', async () => {
		expect(await listExecutionIds(fakeN8n([]).get)).toEqual([]);
		const { get, calls } = fakeN8n(Array.from({ length: 250 }, (_, i) => ({ id: i + 1, workflowId: 'w', startedAt: i })));
		expect(await listExecutionIds(get, 'w')).toHaveLength(250);
		expect(calls).toHaveLength(1 + Math.ceil(250 / 99));
	});

	it('fails loudly on an error answer', async () => {
		const get: ExecutionListGet = async () => ({ status: 401, body: { data: { results: [] } } });
		await expect(listExecutionIds(get)).rejects.toThrow(/answered 401/);
	});
});
