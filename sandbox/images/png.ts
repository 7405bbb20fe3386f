/**
 * A minimal PNG encoder (node:zlib only): an 8-bit palette image, which is all the sandbox's mini program
 * codes need (two colours, the light one transparent). Layout per the PNG specification: signature, IHDR,
 * PLTE, tRNS, IDAT (zlib of each row prefixed by filter byte 0), IEND; each chunk with its CRC-32.
 */
import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** CRC-32 as PNG (and zlib's crc32) computes it. */
export function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

export interface PaletteColor {
	r: number;
	g: number;
	b: number;
	/** 0 transparent … 255 opaque. */
	alpha: number;
}

/** A width × height PNG whose pixel (x, y) is palette entry `indexAt(x, y)`. */
export function encodePalettePng(width: number, height: number, palette: readonly PaletteColor[], indexAt: (x: number, y: number) => number): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 3; // colour type: palette
	header[10] = 0; // deflate
	header[11] = 0; // adaptive filtering
	header[12] = 0; // no interlace
	const rows = Buffer.alloc(height * (width + 1));
	for (let y = 0; y < height; y++) {
		const start = y * (width + 1);
		rows[start] = 0; // filter type None
		for (let x = 0; x < width; x++) rows[start + 1 + x] = indexAt(x, y);
	}
	return Buffer.concat([
		SIGNATURE,
		chunk('IHDR', header),
		chunk('PLTE', Buffer.from(palette.flatMap((c) => [c.r, c.g, c.b]))),
		chunk('tRNS', Buffer.from(palette.map((c) => c.alpha))),
		chunk('IDAT', deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
