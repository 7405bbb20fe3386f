/**
 * An image from an n8n binary property, read for upload: n8n's own helpers find and load it (from memory
 * or the binary data store), and the protocol layer checks it. A missing property becomes an
 * InvalidInputError naming the field, so under Continue On Fail it is an invalid_data item like any other
 * refused input.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { checkTempImage, missingBinaryError, type TempImage } from '../protocol/media';

/** `label` is the node field that named the property, e.g. 'Image Binary Property'. */
export async function readBinaryImage(ctx: IExecuteFunctions, itemIndex: number, propertyName: string, label: string): Promise<TempImage> {
	const name = propertyName.trim();
	const field = `${label} "${name}"`;
	let mimeType: string;
	let fileName: string | undefined;
	try {
		const binary = ctx.helpers.assertBinaryData(itemIndex, name);
		mimeType = binary.mimeType;
		fileName = binary.fileName;
	} catch {
		throw missingBinaryError(field);
	}
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	const image: TempImage = { data, mimeType, fileName: fileName ?? `image.${mimeType.split('/')[1] ?? 'bin'}` };
	checkTempImage(image, field);
	return image;
}
