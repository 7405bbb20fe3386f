/**
 * The images of the sandbox's unlimited mini program codes (docs/wechat-protocol.md §15): a JPEG by
 * default, a PNG with a transparent background when is_hyaline is true, width × width pixels, the same
 * bytes for the same (scene, page, width, colours) so a test can compare them. Both are real image
 * files (sandbox/images/). WeChat documents no Content-Type for the transparent PNG; the sandbox serves
 * both as image/jpeg, the one type WeChat is known to send, so a client must tell them by their bytes.
 */
import { codePattern } from './images/codePattern';
import { encodeBlockJpeg } from './images/jpeg';
import { encodePalettePng } from './images/png';

export const CODE_CONTENT_TYPE = 'image/jpeg';

/** The colour WeChat's own codes use when auto_color picks one: WeChat green. */
const AUTO_COLOR = { r: 7, g: 193, b: 96 };

export interface CodeImageRequest {
	scene: string;
	page: string;
	width: number;
	autoColor: boolean;
	lineColor: { r: number; g: number; b: number };
	hyaline: boolean;
}

export function renderCodeImage(request: CodeImageRequest): Buffer {
	const { width } = request;
	const color = request.autoColor ? AUTO_COLOR : request.lineColor;
	const dark = codePattern(`${request.scene}\u0000${request.page}\u0000${width}`, width);
	if (request.hyaline) {
		const palette = [
			{ r: 255, g: 255, b: 255, alpha: 0 },
			{ ...color, alpha: 255 },
		];
		return encodePalettePng(width, width, palette, (x, y) => (dark(x, y) ? 1 : 0));
	}
	// Greyscale: the lines at their colour's luminance (ITU-R BT.601), the background white.
	const line = 0.299 * color.r + 0.587 * color.g + 0.114 * color.b;
	return encodeBlockJpeg(width, width, (bx, by) => (dark(bx * 8 + 4, by * 8 + 4) ? line : 255));
}
