/**
 * Tiny PNG writer for the pictures the sandbox hands out: the QR code image (a QR-looking pattern,
 * not a scannable code), avatars and sample images for injected media.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(data: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed));
	return Buffer.concat([length, typed, crc]);
}

export type Rgb = [number, number, number];

/** Encodes an RGB image given as a pixel function. */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
	const raw = Buffer.alloc((width * 3 + 1) * height);
	let offset = 0;
	for (let y = 0; y < height; y++) {
		raw[offset++] = 0; // filter: none
		for (let x = 0; x < width; x++) {
			const [r, g, b] = pixel(x, y);
			raw[offset++] = r;
			raw[offset++] = g;
			raw[offset++] = b;
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type: RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

function seededBits(seed: string, count: number): boolean[] {
	const bits: boolean[] = [];
	let block = createHash('sha256').update(seed).digest();
	while (bits.length < count) {
		for (const byte of block) for (let i = 0; i < 8; i++) bits.push(((byte >> i) & 1) === 1);
		block = createHash('sha256').update(block).digest();
	}
	return bits.slice(0, count);
}

/** A 29x29-module QR-like picture (finder squares + noise from the seed), 8 px per module. */
export function qrLikePng(seed: string): Buffer {
	const modules = 29;
	const scale = 8;
	const quiet = 2;
	const size = (modules + quiet * 2) * scale;
	const bits = seededBits(seed, modules * modules);
	const inFinder = (mx: number, my: number): boolean | undefined => {
		for (const [fx, fy] of [
			[0, 0],
			[modules - 7, 0],
			[0, modules - 7],
		]) {
			const dx = mx - fx;
			const dy = my - fy;
			if (dx >= -1 && dx <= 7 && dy >= -1 && dy <= 7) {
				if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return false;
				const ring = Math.min(dx, dy, 6 - dx, 6 - dy);
				return ring !== 1;
			}
		}
		return undefined;
	};
	return encodePng(size, size, (x, y) => {
		const mx = Math.floor(x / scale) - quiet;
		const my = Math.floor(y / scale) - quiet;
		if (mx < 0 || my < 0 || mx >= modules || my >= modules) return [255, 255, 255];
		const finder = inFinder(mx, my);
		const dark = finder ?? bits[my * modules + mx];
		return dark ? [0, 0, 0] : [255, 255, 255];
	});
}

/** A round avatar in a colour derived from the seed. */
export function avatarPng(seed: string, size = 64): Buffer {
	const digest = createHash('sha256').update(seed).digest();
	const colour: Rgb = [64 + (digest[0] % 160), 64 + (digest[1] % 160), 64 + (digest[2] % 160)];
	const centre = (size - 1) / 2;
	return encodePng(size, size, (x, y) => {
		const d = Math.hypot(x - centre, y - centre);
		if (d > size / 2) return [255, 255, 255];
		if (d < size / 6) return [255, 255, 255];
		return colour;
	});
}

/** A small landscape-like picture used as the sample image. */
export function sampleImagePng(width = 96, height = 64): Buffer {
	return encodePng(width, height, (x, y) => {
		if (Math.hypot(x - width * 0.75, y - height * 0.3) < height * 0.15) return [250, 210, 60];
		if (y > height * 0.65 + Math.sin(x / 9) * 4) return [60, 150, 70];
		return [120, 180, 235];
	});
}
