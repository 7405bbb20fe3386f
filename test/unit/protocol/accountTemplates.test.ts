import { AccountTemplates, sameTemplate } from '../../../nodes/protocol/accountTemplates';
import type { WeChatClient } from '../../../nodes/protocol/client';
import { TemplateListCache } from '../../../nodes/protocol/templateCache';
import type { RawAccountTemplate } from '../../../nodes/protocol/templateParsing';

const raw = (priTmplId: string, content = '商品名称:{{thing1.DATA}}\n', type = 2): RawAccountTemplate => ({ priTmplId, title: 't', content, example: '', type });

/** A client double answering gettemplate from a script of lists (the last repeats), counting the calls. */
function listingClient(lists: RawAccountTemplate[][]) {
	let calls = 0;
	const client = {
		cacheKey: 'https://api.weixin.qq.com|wx1|abc',
		call: async () => ({ data: lists[Math.min(calls++, lists.length - 1)] }),
	} as unknown as WeChatClient; // a test double covering what AccountTemplates uses
	return { client, calls: () => calls };
}

let now = 0;
const freshCache = () => new TemplateListCache(() => now);

beforeEach(() => {
	now = 10_000_000;
});

describe('AccountTemplates', () => {
	it('reads the list once per batch and, with the cache, once per process', async () => {
		const { client, calls } = listingClient([[raw('A')]]);
		const cache = freshCache();
		const batch = new AccountTemplates(client, 'test', { cache });
		await Promise.all([batch.find('A'), batch.find('A'), batch.list()]);
		await new AccountTemplates(client, 'test', { cache }).find('A');
		expect(calls()).toBe(1);
		await new AccountTemplates(client, 'test', { cache: null }).find('A');
		await new AccountTemplates(client, 'test', { cache: null }).find('A');
		expect(calls()).toBe(3);
	});

	it('looks for a template the cached list lacks once more in a fresh list (added in the console since)', async () => {
		const { client, calls } = listingClient([[raw('A')], [raw('A'), raw('B')]]);
		const cache = freshCache();
		await new AccountTemplates(client, 'test', { cache }).list();
		now += 60_000;
		const batch = new AccountTemplates(client, 'test', { cache });
		expect((await batch.find('B')).template.templateId).toBe('B');
		await expect(batch.find('C')).rejects.toThrow('no template with ID "C"');
		expect(calls()).toBe(2);
	});

	it('refreshes at most once per template per batch; undefined when the template is gone', async () => {
		const { client, calls } = listingClient([[raw('A'), raw('B')], [raw('A', '收货人:{{name6.DATA}}\n')]]);
		const cache = freshCache();
		const batch = new AccountTemplates(client, 'test', { cache });
		const found = await batch.find('A');
		now += 60_000;
		const [one, two] = await Promise.all([batch.refreshed('A', found.list), batch.refreshed('A', found.list)]);
		expect(one?.template.content).toBe('收货人:{{name6.DATA}}\n');
		expect(two).toEqual(one);
		expect(await batch.refreshed('B', found.list)).toBeUndefined();
		expect(calls()).toBe(2);
	});

	it('listCovering refreshes only when the rows name a template the list lacks', async () => {
		const { client, calls } = listingClient([[raw('A')], [raw('A'), raw('B', '', 3)]]);
		const cache = freshCache();
		expect((await new AccountTemplates(client, 'test', { cache }).listCovering(['A'])).length).toBe(1);
		now += 60_000;
		const list = await new AccountTemplates(client, 'test', { cache }).listCovering(['A', 'B']);
		expect(list.map((t) => [t.templateId, t.typeCode])).toEqual([['A', 2], ['B', 3]]);
		expect(calls()).toBe(2);
	});

	it('a failed list read is the same answer for the whole batch (one call)', async () => {
		let calls = 0;
		const client = { cacheKey: 'k', call: async () => Promise.reject(new Error(`40125 invalid appsecret #${++calls}`)) } as unknown as WeChatClient; // test double
		const batch = new AccountTemplates(client, 'test', { cache: freshCache() });
		const errors = await Promise.all([batch.find('A').catch((e: Error) => e.message), batch.find('A').catch((e: Error) => e.message)]);
		expect(errors).toEqual(['40125 invalid appsecret #1', '40125 invalid appsecret #1']);
	});
});

describe('sameTemplate', () => {
	it('compares what checks an item: type, content (the keywords) and enum values', () => {
		const base = { templateId: 'A', title: 't', type: 'one-time' as const, typeCode: 2, content: 'a:{{thing1.DATA}}', example: '', keywords: [] };
		expect(sameTemplate(base, { ...base, title: 'renamed' })).toBe(true);
		expect(sameTemplate(base, { ...base, content: 'a:{{thing2.DATA}}' })).toBe(false);
		expect(sameTemplate(base, { ...base, keywordEnumValues: { enum_string2: ['x'] } })).toBe(false);
	});
});
