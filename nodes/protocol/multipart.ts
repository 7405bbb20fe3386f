/**
 * A multipart/form-data body with one file part, built by hand: the package has no runtime dependencies,
 * and WeChat's media upload wants exactly this (docs/wechat-protocol.md §12). The file's bytes are copied
 * unchanged; the boundary is random (node:crypto) so no file can contain it by chance.
 */
import { randomBytes } from 'node:crypto';

export interface MultipartFile {
	/** The form field name, e.g. `media`. */
	field: string;
	fileName: string;
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	body: Buffer;
	/** `multipart/form-data; boundary=…`, the Content-Type header to send with the body. */
	contentType: string;
}

/** Characters that would break the quoted header values; a file name keeps everything else (UTF-8 too). */
function quoted(value: string): string {
	return value.replace(/["\\\r\n]/g, '_');
}

export function buildMultipartFile(file: MultipartFile, boundary = `----n8nWeChat${randomBytes(16).toString('hex')}`): MultipartBody {
	const head =
		`--${boundary}\r\n` +
		`Content-Disposition: form-data; name="${quoted(file.field)}"; filename="${quoted(file.fileName)}"; filelength=${file.data.length}\r\n` +
		`Content-Type: ${quoted(file.contentType)}\r\n\r\n`;
	const tail = `\r\n--${boundary}--\r\n`;
	return {
		body: Buffer.concat([Buffer.from(head, 'utf8'), file.data, Buffer.from(tail, 'utf8')]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}
