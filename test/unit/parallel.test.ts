import { runInParallel } from '../../nodes/GreenApi/execute/parallel';
import { RatePacer } from '../../nodes/GreenApi/execute/ratePacer';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Delays that make later items finish first: the order must come from the runner, not luck. */
const delayOf = (index: number) => ((index * 7) % 5) * 3;

describe('runInParallel', () => {
	it('returns results in input order whatever order they finish in', async () => {
		const results = await runInParallel(
			20,
			() => undefined,
			8,
			async (i) => {
				await wait(delayOf(i));
				return i * 10;
			},
		);
		expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
	});

	it('never runs two items with one key at once, and runs them in input order; others overlap', async () => {
		const keys = ['a', 'b', 'a', undefined, 'c', 'a', 'b', undefined, 'c', 'a'];
		const open = new Set<string>();
		const started: Record<string, number[]> = {};
		let peak = 0;
		let running = 0;
		await runInParallel(
			keys.length,
			(i) => keys[i],
			4,
			async (i) => {
				const key = keys[i];
				if (key !== undefined) {
					expect(open.has(key)).toBe(false);
					open.add(key);
					(started[key] ??= []).push(i);
				}
				peak = Math.max(peak, ++running);
				await wait(delayOf(i) + 2);
				running--;
				if (key !== undefined) open.delete(key);
			},
		);
		expect(started).toEqual({ a: [0, 2, 5, 9], b: [1, 6], c: [4, 8] });
		expect(peak).toBeGreaterThan(1);
		expect(peak).toBeLessThanOrEqual(4);
	});

	it('after a failure starts nothing new, lets the running ones finish and throws the earliest failure', async () => {
		const finished: number[] = [];
		const run = runInParallel(
			10,
			() => undefined,
			3,
			async (i) => {
				await wait(i === 2 ? 1 : 10);
				if (i === 1 || i === 2) throw new Error(`item ${i}`);
				finished.push(i);
			},
		);
		await expect(run).rejects.toThrow('item 1');
		expect(finished.sort()).toEqual([0]);
	});

	it('keeps per-key order and every result over thousands of items and many keys', async () => {
		const count = 5000;
		const keyOf = (i: number) => (i % 7 === 0 ? undefined : `chat${i % 50}`);
		const started: Record<string, number[]> = {};
		const results = await runInParallel(count, keyOf, 40, async (i) => {
			const key = keyOf(i);
			if (key !== undefined) (started[key] ??= []).push(i);
			await (i % 3 === 0 ? wait(0) : Promise.resolve());
			return i;
		});
		expect(results).toEqual(Array.from({ length: count }, (_, i) => i));
		for (const list of Object.values(started)) expect(list).toEqual([...list].sort((a, b) => a - b));
		expect(Object.keys(started)).toHaveLength(50);
	});

	it('handles no items', async () => {
		await expect(
			runInParallel(
				0,
				() => undefined,
				5,
				async () => 1,
			),
		).resolves.toEqual([]);
	});
});

describe('RatePacer', () => {
	it('hands out slots no faster than the rate', async () => {
		const pacer = new RatePacer(100);
		const began = Date.now();
		for (let i = 0; i < 11; i++) await pacer.slot();
		// Ten gaps of 1000 / (100 × 0.95) ms.
		expect(Date.now() - began).toBeGreaterThanOrEqual(100);
	});

	it('reaches a rate above 1,000 per second, which millisecond timers alone would cap', async () => {
		const pacer = new RatePacer(100000);
		const began = performance.now();
		for (let i = 0; i < 1000; i++) await pacer.slot();
		// A timer per slot would take at least 1,000 ms; the schedule allows 10.5 ms.
		expect(performance.now() - began).toBeLessThan(400);
	});

	it('holds every slot for Retry-After and slows down after a 429', async () => {
		const pacer = new RatePacer(1000);
		await pacer.slot();
		const limitedAt = Date.now();
		pacer.limited(120);
		await pacer.slot();
		expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(115);
		expect(pacer.limitedCount).toBe(1);
	});
});
