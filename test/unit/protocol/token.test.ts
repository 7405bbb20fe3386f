import { REFRESH_MARGIN_MS, StableTokenCache, tokenCacheKey } from '../../../nodes/protocol/token';

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

describe('StableTokenCache', () => {
	it('makes exactly one token call for 1000 concurrent callers on a cold cache', async () => {
		const cache = new StableTokenCache();
		const gate = deferred<void>();
		let calls = 0;
		const fetchToken = async () => {
			calls++;
			await gate.promise;
			return { accessToken: 'T1', expiresIn: 7200 };
		};
		const all = Promise.all(Array.from({ length: 1000 }, () => cache.get('k', fetchToken)));
		gate.resolve();
		const tokens = await all;
		expect(calls).toBe(1);
		expect(new Set(tokens)).toEqual(new Set(['T1']));
	});

	it('refreshes 5 minutes before expiry, not earlier', async () => {
		let now = 1_000_000;
		const cache = new StableTokenCache(() => now);
		let n = 0;
		const fetchToken = async () => ({ accessToken: `T${++n}`, expiresIn: 7200 });
		expect(await cache.get('k', fetchToken)).toBe('T1');
		now += 7200_000 - REFRESH_MARGIN_MS - 1;
		expect(await cache.get('k', fetchToken)).toBe('T1');
		now += 1;
		expect(await cache.get('k', fetchToken)).toBe('T2');
		expect(n).toBe(2);
	});

	it('uses a token with 300 s or less left now and re-fetches on the next call (never a negative TTL)', async () => {
		const cache = new StableTokenCache(() => 5);
		const lives = [300, 7200];
		let n = 0;
		const fetchToken = async () => ({ accessToken: `T${++n}`, expiresIn: lives[n - 1] });
		expect(await cache.get('k', fetchToken)).toBe('T1');
		expect(await cache.get('k', fetchToken)).toBe('T2');
		expect(await cache.get('k', fetchToken)).toBe('T2');
	});

	it('invalidates only when the failed token is still the cached one (compare-and-invalidate)', async () => {
		const cache = new StableTokenCache();
		let n = 0;
		const fetchToken = async () => ({ accessToken: `T${++n}`, expiresIn: 7200 });
		await cache.get('k', fetchToken);
		expect(cache.invalidate('k', 'T1')).toBe(true);
		expect(await cache.get('k', fetchToken)).toBe('T2');
		// A late failure report about T1 must not throw away the fresh T2.
		expect(cache.invalidate('k', 'T1')).toBe(false);
		expect(await cache.get('k', fetchToken)).toBe('T2');
		expect(n).toBe(2);
	});

	it('shares a failed fetch with every waiter and tries again on the next call', async () => {
		const cache = new StableTokenCache();
		let n = 0;
		const fetchToken = async () => {
			n++;
			if (n === 1) throw new Error('quota');
			return { accessToken: 'T2', expiresIn: 7200 };
		};
		const results = await Promise.allSettled([cache.get('k', fetchToken), cache.get('k', fetchToken)]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect(await cache.get('k', fetchToken)).toBe('T2');
		expect(n).toBe(2);
	});

	it('keys by base URL, App ID and a hash of the secret (the secret itself is not in the key)', () => {
		const a = tokenCacheKey('https://api.weixin.qq.com', 'wx1', 'secret-one-123');
		expect(a).not.toContain('secret-one-123');
		expect(tokenCacheKey('https://api.weixin.qq.com', 'wx1', 'secret-two-456')).not.toBe(a);
		expect(tokenCacheKey('https://api2.weixin.qq.com', 'wx1', 'secret-one-123')).not.toBe(a);
		expect(tokenCacheKey('https://api.weixin.qq.com', 'wx2', 'secret-one-123')).not.toBe(a);
	});
});
