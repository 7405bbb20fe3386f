import { settle, settleSync } from '../../../nodes/protocol/settle';

describe('settle', () => {
	it('gives a value or the error itself, unchanged', async () => {
		const error = new Error('refused');
		expect(settleSync(() => 3)).toEqual({ ok: true, value: 3 });
		expect(
			settleSync(() => {
				throw error;
			}),
		).toEqual({ ok: false, error });
		expect(await settle(Promise.resolve('x'))).toEqual({ ok: true, value: 'x' });
		const failed = await settle(Promise.reject(error));
		expect(failed.ok === false && failed.error).toBe(error);
	});
});
