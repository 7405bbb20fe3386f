import { InvalidInputError, WeChatApiError } from '../../../nodes/protocol/errors';
import { checkTempImage, TEMP_IMAGE_MAX_BYTES, uploadTempImage } from '../../../nodes/protocol/media';
import { recordingClient } from '../../helpers/recordingClient';
import { rejectionOf, thrownBy } from '../../helpers/thrown';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);

describe('checkTempImage', () => {
	it('accepts a JPEG, PNG or GIF up to 2 MB', () => {
		for (const mimeType of ['image/jpeg', 'image/png', 'image/gif', 'IMAGE/PNG; charset=binary']) {
			expect(() => checkTempImage({ data: PNG, fileName: 'a', mimeType }, 'Image')).not.toThrow();
		}
	});

	it('names the field and lists every problem: empty, too large, wrong type', () => {
		const error = thrownBy(InvalidInputError, () => checkTempImage({ data: Buffer.alloc(0), fileName: 'a.pdf', mimeType: 'application/pdf' }, 'Image Binary Property "data"'));
		expect(error.message).toBe('Image Binary Property "data": the file is empty.');
		expect(error.problems).toHaveLength(2);
		expect(error.problems[1]).toContain('application/pdf');
		expect(error.fix).toContain('JPEG, PNG or GIF');
		const big = thrownBy(InvalidInputError, () => checkTempImage({ data: Buffer.alloc(TEMP_IMAGE_MAX_BYTES + 1), fileName: 'a', mimeType: 'image/png' }, 'Image'));
		expect(big.message).toContain(`${TEMP_IMAGE_MAX_BYTES + 1} bytes`);
	});
});

describe('uploadTempImage', () => {
	it('posts the image as multipart field media, type image, retried only as a read is', async () => {
		const { client, calls } = recordingClient({ errcode: 0, type: 'image', media_id: 'MEDIA_1', created_at: 1714112600 });
		const uploaded = await uploadTempImage(client, { data: PNG, fileName: 'p.png', mimeType: 'image/png' });
		expect(uploaded).toEqual({ mediaId: 'MEDIA_1', createdAt: 1714112600 });
		const [call] = calls;
		expect(call).toMatchObject({ method: 'POST', path: '/cgi-bin/media/upload', query: { type: 'image' }, retry: 'idempotent' });
		expect(call.raw?.contentType).toMatch(/^multipart\/form-data; boundary=/);
		const text = call.raw?.body.toString('latin1') ?? '';
		expect(text).toContain('name="media"; filename="p.png"');
		expect(call.raw?.body.includes(PNG)).toBe(true);
	});

	it('reads created_at given as a string and calls an answer without media_id a bad response', async () => {
		expect((await uploadTempImage(recordingClient({ media_id: 'M', created_at: '17' }).client, { data: PNG, fileName: '', mimeType: 'image/png' })).createdAt).toBe(17);
		const error = await rejectionOf(WeChatApiError, uploadTempImage(recordingClient({ errcode: 0 }).client, { data: PNG, fileName: 'p', mimeType: 'image/png' }));
		expect(error.kind).toBe('bad-response');
	});
});
