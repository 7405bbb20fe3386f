/**
 * The picture the sandbox draws for a mini program code: a QR-like grid of 25 × 25 modules (three finder
 * squares in the corners, the rest bits of a SHA-256 stream of the inputs) inside a quiet zone of 2
 * modules. It encodes nothing a scanner could read; it only makes each (scene, page, …) its own image,
 * the same bytes every time.
 */
import { createHash } from 'node:crypto';

const MODULES = 25;
const QUIET = 2;
const UNITS = MODULES + 2 * QUIET;
const FINDER = 7;

/** Whether module (mx, my) of the 25 × 25 grid is inside a finder square, and dark there. */
function finderModule(mx: number, my: number): boolean | undefined {
	for (const [ox, oy] of [
		[0, 0],
		[MODULES - FINDER, 0],
		[0, MODULES - FINDER],
	]) {
		const x = mx - ox;
		const y = my - oy;
		if (x < -1 || y < -1 || x > FINDER || y > FINDER) continue;
		if (x === -1 || y === -1 || x === FINDER || y === FINDER) return false; // separator
		const ring = Math.min(x, y, FINDER - 1 - x, FINDER - 1 - y);
		return ring !== 1;
	}
	return undefined;
}

/** A size × size picture: `dark(x, y)` for each pixel, drawn from `seed`. */
export function codePattern(seed: string, size: number): (x: number, y: number) => boolean {
	const bits: boolean[] = [];
	for (let counter = 0; bits.length < MODULES * MODULES; counter++) {
		for (const byte of createHash('sha256').update(`${counter}\u0000${seed}`).digest()) {
			for (let i = 7; i >= 0; i--) bits.push(((byte >> i) & 1) === 1);
		}
	}
	const grid = Array.from({ length: MODULES * MODULES }, (_, i) => finderModule(i % MODULES, Math.floor(i / MODULES)) ?? bits[i]);
	return (x, y) => {
		const mx = Math.floor((x * UNITS) / size) - QUIET;
		const my = Math.floor((y * UNITS) / size) - QUIET;
		if (mx < 0 || my < 0 || mx >= MODULES || my >= MODULES) return false;
		return grid[my * MODULES + mx];
	};
}
