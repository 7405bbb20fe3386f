import { MIN_REFRESH_INTERVAL_MS, TEMPLATE_LIST_TTL_MS, TemplateListCache } from '../../../nodes/protocol/templateCache';
import type { AccountTemplate } from '../../../nodes/protocol/templateParsing';

const template = (templateId: string): AccountTemplate => ({ templateId, title: 't', type: 'one-time', typeCode: 2, content: '', example: '', keywords: [] });

function counting(lists: AccountTemplate[][]) {
	let calls = 0;
	const fetch = async () => {
		const list = lists[Math.min(calls, lists.length - 1)];
		calls++;
		return list;
	};
	return { fetch, calls: () => calls };
}

describe('TemplateListCache', () => {
	let now = 1_000_000;
	const cache = () => new TemplateListCache(() => now);

	beforeEach(() => {
		now = 1_000_000;
	});

	it('reads the list once for concurrent callers, and serves it until the TTL', async () => {
		const c = cache();
		const source = counting([[template('a')]]);
		const [one, two] = await Promise.all([c.get('k', source.fetch), c.get('k', source.fetch)]);
		expect(one).toBe(two);
		now += TEMPLATE_LIST_TTL_MS - 1;
		expect(await c.get('k', source.fetch)).toBe(one);
		expect(source.calls()).toBe(1);
		now += 1;
		await c.get('k', source.fetch);
		expect(source.calls()).toBe(2);
		expect(c.fetches).toBe(2);
	});

	it('keeps one list per key (app and base URL)', async () => {
		const c = cache();
		const a = counting([[template('a')]]);
		const b = counting([[template('b')]]);
		expect((await c.get('appA', a.fetch))[0].templateId).toBe('a');
		expect((await c.get('appB', b.fetch))[0].templateId).toBe('b');
	});

	it('uses the expired list when reading it again fails (a quota error must not stop sends), but not when there is none', async () => {
		const c = cache();
		const first = await c.get('k', async () => [template('a')]);
		now += TEMPLATE_LIST_TTL_MS;
		const failing = async (): Promise<AccountTemplate[]> => {
			throw new Error('45009 reach max api daily quota limit');
		};
		expect(await c.get('k', failing)).toBe(first);
		await expect(c.get('other', failing)).rejects.toThrow('45009');
	});

	it('refresh: fetches when the caller saw the current list, reuses a newer one, and one fetched moments ago', async () => {
		const c = cache();
		const source = counting([[template('a')], [template('a'), template('b')]]);
		const seen = await c.get('k', source.fetch);
		expect(await c.refresh('k', source.fetch, seen)).toBe(seen); // fetched moments ago
		now += MIN_REFRESH_INTERVAL_MS;
		const fresh = await c.refresh('k', source.fetch, seen);
		expect(fresh.map((t) => t.templateId)).toEqual(['a', 'b']);
		now += MIN_REFRESH_INTERVAL_MS;
		expect(await c.refresh('k', source.fetch, seen)).toBe(fresh); // someone replaced it already
		expect(source.calls()).toBe(2);
		expect(await c.get('k', source.fetch)).toBe(fresh);
	});

	it('a failed refresh throws (the caller asked because its list may be wrong)', async () => {
		const c = cache();
		const seen = await c.get('k', async () => [template('a')]);
		now += MIN_REFRESH_INTERVAL_MS;
		await expect(c.refresh('k', async () => Promise.reject(new Error('-1 system error')), seen)).rejects.toThrow('system error');
	});
});
