import { InvalidInputError } from '../../../nodes/protocol/errors';
import { readBinaryImage } from '../../../nodes/shared/binary';
import { fakeExecuteContext } from '../../helpers/fakeN8nContext';
import { rejectionOf } from '../../helpers/thrown';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
const binary = (mimeType: string, data = PNG, fileName?: string) => ({ data: { data: data.toString('base64'), mimeType, fileName } });

describe('readBinaryImage', () => {
	it('reads the bytes, type and file name of the named property through n8n’s helpers', async () => {
		const ctx = fakeExecuteContext({ items: [{}, {}], binary: [undefined, binary('image/png', PNG, 'p.png')] });
		const image = await readBinaryImage(ctx, 1, ' data ', 'Image Binary Property');
		expect(image.data.equals(PNG)).toBe(true);
		expect(image).toMatchObject({ mimeType: 'image/png', fileName: 'p.png' });
	});

	it('names a file without a name by its type', async () => {
		const ctx = fakeExecuteContext({ binary: [binary('image/jpeg')] });
		expect((await readBinaryImage(ctx, 0, 'data', 'Image Binary Property')).fileName).toBe('image.jpeg');
	});

	it('refuses a missing property and a file that is not an image, naming the field', async () => {
		const missing = await rejectionOf(InvalidInputError, readBinaryImage(fakeExecuteContext({ binary: [binary('image/png')] }), 0, 'photo', 'Image Binary Property'));
		expect(missing.message).toBe('Image Binary Property "photo": the input item has no binary property of that name');
		expect(missing.fix).toContain('media_id');
		const pdf = await rejectionOf(InvalidInputError, readBinaryImage(fakeExecuteContext({ binary: [binary('application/pdf')] }), 0, 'data', 'Thumbnail Binary Property'));
		expect(pdf.message).toContain('Thumbnail Binary Property "data": the file is application/pdf');
	});
});
