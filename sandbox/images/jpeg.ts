/**
 * A minimal baseline JPEG encoder for greyscale images made of flat 8×8 blocks (what a blocky code
 * pattern needs): a flat block has only a DC coefficient, so no DCT is computed and every block is its DC
 * difference plus end-of-block. Still a complete baseline JFIF file (SOI, APP0 JFIF, DQT, SOF0, DHT, SOS,
 * entropy-coded data with 0xFF stuffing, EOI) that any decoder reads, per ITU T.81.
 */

/** Quantisation 1 everywhere: the DC of a flat block of value v is then exactly 8·(v − 128). */
const QUANT_TABLE = Buffer.alloc(64, 1);
/** T.81 Annex K.3 table K.3, the usual luminance DC table: code lengths 2–9 for categories 0–11. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Only end-of-block (0x00) is ever written; a second symbol (ZRL) keeps both codes 2 bits long and none all ones. */
const AC_BITS = [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_SYMBOLS = [0x00, 0xf0];

interface Code {
	code: number;
	length: number;
}

/** The canonical Huffman codes of a DHT table (T.81 Annex C). */
function huffmanCodes(bits: readonly number[], symbols: readonly number[]): Map<number, Code> {
	const codes = new Map<number, Code>();
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < bits[length - 1]; i++) codes.set(symbols[k++], { code: code++, length });
		code <<= 1;
	}
	return codes;
}

const DC_CODES = huffmanCodes(DC_BITS, DC_SYMBOLS);
const EOB = huffmanCodes(AC_BITS, AC_SYMBOLS).get(0x00) as Code;

class BitWriter {
	private readonly bytes: number[] = [];
	private current = 0;
	private used = 0;

	write(value: number, length: number): void {
		for (let i = length - 1; i >= 0; i--) {
			this.current = (this.current << 1) | ((value >> i) & 1);
			if (++this.used === 8) this.flushByte();
		}
	}

	/** Pads the last byte with 1 bits, as T.81 F.1.2.3 asks. */
	finish(): Buffer {
		if (this.used > 0) this.write(0xff, 8 - this.used);
		return Buffer.from(this.bytes);
	}

	private flushByte(): void {
		this.bytes.push(this.current);
		if (this.current === 0xff) this.bytes.push(0x00); // byte stuffing
		this.current = 0;
		this.used = 0;
	}
}

function segment(marker: number, data: Buffer): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt16BE(marker, 0);
	head.writeUInt16BE(data.length + 2, 2);
	return Buffer.concat([head, data]);
}

function category(value: number): number {
	let magnitude = Math.abs(value);
	let bits = 0;
	while (magnitude > 0) {
		bits++;
		magnitude >>= 1;
	}
	return bits;
}

/** A width × height greyscale JPEG whose 8×8 block (bx, by) is filled with the grey `blockValue(bx, by)` (0–255). */
export function encodeBlockJpeg(width: number, height: number, blockValue: (bx: number, by: number) => number): Buffer {
	const app0 = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
	const sof = Buffer.alloc(9);
	sof[0] = 8; // sample precision
	sof.writeUInt16BE(height, 1);
	sof.writeUInt16BE(width, 3);
	sof[5] = 1; // one component
	sof[6] = 1; // component id
	sof[7] = 0x11; // sampling 1×1
	sof[8] = 0; // quantisation table 0
	const dht = (tableClassAndId: number, bits: readonly number[], symbols: readonly number[]) =>
		segment(0xffc4, Buffer.from([tableClassAndId, ...bits, ...symbols]));
	const sos = Buffer.from([1, 1, 0x00, 0, 63, 0]);

	const writer = new BitWriter();
	let previousDc = 0;
	for (let by = 0; by < Math.ceil(height / 8); by++) {
		for (let bx = 0; bx < Math.ceil(width / 8); bx++) {
			const value = Math.max(0, Math.min(255, Math.round(blockValue(bx, by))));
			const dc = 8 * (value - 128);
			const diff = dc - previousDc;
			previousDc = dc;
			const size = category(diff);
			const code = DC_CODES.get(size) as Code;
			writer.write(code.code, code.length);
			if (size > 0) writer.write(diff >= 0 ? diff : diff + (1 << size) - 1, size);
			writer.write(EOB.code, EOB.length);
		}
	}
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xffe0, app0),
		segment(0xffdb, Buffer.concat([Buffer.from([0x00]), QUANT_TABLE])),
		segment(0xffc0, sof),
		dht(0x00, DC_BITS, DC_SYMBOLS),
		dht(0x10, AC_BITS, AC_SYMBOLS),
		segment(0xffda, sos),
		writer.finish(),
		Buffer.from([0xff, 0xd9]),
	]);
}
