import { buildMultipartFile } from '../../../nodes/protocol/multipart';

/** Every byte value, so a text-only encoder (UTF-8 replacement, CRLF translation) would change it. */
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe('buildMultipartFile', () => {
	it('writes one part named media with the file name, length and type, and the bytes unchanged', () => {
		const { body, contentType } = buildMultipartFile({ field: 'media', fileName: 'photo.png', contentType: 'image/png', data: ALL_BYTES }, 'BOUNDARY');
		expect(contentType).toBe('multipart/form-data; boundary=BOUNDARY');
		const head = '--BOUNDARY\r\nContent-Disposition: form-data; name="media"; filename="photo.png"; filelength=256\r\nContent-Type: image/png\r\n\r\n';
		expect(body.subarray(0, head.length).toString('latin1')).toBe(head);
		expect(body.subarray(head.length, head.length + 256).equals(ALL_BYTES)).toBe(true);
		expect(body.subarray(head.length + 256).toString('latin1')).toBe('\r\n--BOUNDARY--\r\n');
	});

	it('picks a different random boundary each time, and the header names it', () => {
		const a = buildMultipartFile({ field: 'media', fileName: 'a.jpg', contentType: 'image/jpeg', data: Buffer.from('x') });
		const b = buildMultipartFile({ field: 'media', fileName: 'a.jpg', contentType: 'image/jpeg', data: Buffer.from('x') });
		const boundaryOf = (type: string) => /boundary=(\S+)$/.exec(type)?.[1] ?? '';
		expect(boundaryOf(a.contentType)).toMatch(/^----n8nWeChat[0-9a-f]{32}$/);
		expect(boundaryOf(a.contentType)).not.toBe(boundaryOf(b.contentType));
		expect(a.body.toString('latin1').startsWith(`--${boundaryOf(a.contentType)}\r\n`)).toBe(true);
	});

	it('keeps a UTF-8 file name but cannot be broken out of its quotes', () => {
		const { body } = buildMultipartFile({ field: 'media', fileName: '订单"\r\nX: y.png', contentType: 'image/png', data: Buffer.from('x') }, 'B');
		expect(body.toString('utf8')).toContain('filename="订单___X: y.png"');
	});
});
