/**
 * A small seeded random number generator (mulberry32): the same seed gives the same sequence, so
 * a fault run can be repeated exactly. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A whole number of milliseconds between min and max (both included). */
export function between(random: () => number, min: number, max: number): number {
	return min + Math.floor(random() * (Math.max(min, max) - min + 1));
}
