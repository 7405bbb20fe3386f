/**
 * Temporary media (uploadTempMedia): an image uploaded for a customer-service message, answered with a
 * media_id that WeChat keeps for 3 days (docs/wechat-protocol.md §12).
 */
import type { WeChatClient } from './client';
import { InvalidInputError, WeChatApiError } from './errors';
import { buildMultipartFile } from './multipart';

/** The image formats WeChat documents for temporary image media. */
export const TEMP_IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif'] as const;

/** The size WeChat's current uploadTempMedia page gives for images (older pages say 10 MB; the smaller is safe). */
export const TEMP_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

/** How long WeChat keeps temporary media. */
export const TEMP_MEDIA_LIFETIME_MS = 3 * 24 * 60 * 60 * 1000;

export interface TempImage {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

export interface UploadedMedia {
	mediaId: string;
	/** WeChat's created_at, unix seconds. */
	createdAt: number | null;
}

/**
 * Checks an image before it is uploaded; `field` names the node parameter it came from, so the error
 * says which one to fix.
 */
export function checkTempImage(image: TempImage, field: string): void {
	const problems: string[] = [];
	if (image.data.length === 0) problems.push(`${field}: the file is empty.`);
	if (image.data.length > TEMP_IMAGE_MAX_BYTES) {
		problems.push(`${field}: the file has ${image.data.length} bytes; WeChat takes images up to ${TEMP_IMAGE_MAX_BYTES} bytes (2 MB).`);
	}
	const mimeType = image.mimeType.toLowerCase().split(';', 1)[0].trim();
	if (!(TEMP_IMAGE_MIME_TYPES as readonly string[]).includes(mimeType)) {
		problems.push(`${field}: the file is ${image.mimeType || 'of unknown type'}; WeChat takes JPEG, PNG or GIF images.`);
	}
	if (problems.length > 0) {
		throw new InvalidInputError(problems[0], 'Give a JPEG, PNG or GIF image of at most 2 MB (e.g. resize it with the Edit Image node), or a media_id instead.', problems);
	}
}

/** The image's binary property is missing from the input item; `field` names the node parameter. */
export function missingBinaryError(field: string): InvalidInputError {
	return new InvalidInputError(
		`${field}: the input item has no binary property of that name`,
		'Give the name of the binary property that holds the image (often "data"; the input panel\'s Binary tab lists them), or a media_id instead.',
	);
}

/** Uploads one image as temporary media; resolves with its media_id. */
export async function uploadTempImage(client: Pick<WeChatClient, 'call'>, image: TempImage): Promise<UploadedMedia> {
	const multipart = buildMultipartFile({ field: 'media', fileName: image.fileName || 'image', contentType: image.mimeType, data: image.data });
	const answer = await client.call<{ media_id?: unknown; created_at?: unknown }>({
		method: 'POST',
		path: '/cgi-bin/media/upload',
		query: { type: 'image' },
		raw: multipart,
		// A repeated upload only leaves one more unused media_id that expires in 3 days; nothing reaches a user.
		retry: 'idempotent',
		operation: 'Upload Image (temporary media)',
	});
	if (typeof answer.media_id !== 'string' || answer.media_id === '') {
		throw new WeChatApiError({ operation: 'Upload Image (temporary media)', kind: 'bad-response' });
	}
	const createdAt = Number(answer.created_at);
	return { mediaId: answer.media_id, createdAt: Number.isFinite(createdAt) ? createdAt : null };
}
