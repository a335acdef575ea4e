import { sleep } from 'n8n-workflow';

import type { RateGate } from '../transport/types';

/**
 * Paces below the configured rate, so that network jitter does not bunch requests into one of
 * GREEN-API's one-second windows.
 */
const HEADROOM = 0.95;
/** After a 429 the gap between requests grows by this factor, up to MAX_SLOWDOWN times the base. */
const BACKOFF = 1.15;
const MAX_SLOWDOWN = 8;
/** Each slot handed out takes back this share of the extra gap. */
const RECOVERY = 0.1;
/**
 * A slot due within this many milliseconds starts now: a shorter timer still takes about a
 * millisecond, which would cap any rate at about 1,000 per second. The schedule itself stays
 * exact, so the rate holds on average.
 */
const TIMER_GRAIN_MS = 1;

/**
 * Hands out start slots to every request of a node run, first come first served, at most
 * `requestsPerSecond`: each slot starts at least one gap after the previous one. A 429 widens the
 * gap and, when GREEN-API sent Retry-After, holds all requests that long; every later slot narrows it back a little.
 */
export class RatePacer implements RateGate {
	private readonly baseGapMs: number;
	private gapMs: number;
	private lastStart = -Infinity;
	private holdUntil = 0;
	private queue: Promise<void> = Promise.resolve();
	/** 429 answers seen, for the caller's report. */
	limitedCount = 0;

	constructor(requestsPerSecond: number) {
		this.baseGapMs = 1000 / (requestsPerSecond * HEADROOM);
		this.gapMs = this.baseGapMs;
	}

	slot(): Promise<void> {
		const turn = this.queue.then(async () => await this.waitForTurn());
		this.queue = turn;
		return turn;
	}

	limited(retryAfterMs?: number): void {
		this.limitedCount++;
		this.gapMs = Math.min(this.gapMs * BACKOFF, this.baseGapMs * MAX_SLOWDOWN);
		// Without Retry-After the next slot simply comes one (wider) gap later.
		if (retryAfterMs !== undefined) this.holdUntil = Math.max(this.holdUntil, performance.now() + retryAfterMs);
	}

	private async waitForTurn(): Promise<void> {
		for (;;) {
			const now = performance.now();
			const at = Math.max(this.lastStart + this.gapMs, this.holdUntil);
			if (at <= now + TIMER_GRAIN_MS) {
				// A timer that woke a little late does not push every later slot back; after an idle
				// spell the schedule starts afresh, so slots never bunch up to catch up.
				this.lastStart = now - at < this.gapMs ? at : now;
				this.gapMs -= (this.gapMs - this.baseGapMs) * RECOVERY;
				return;
			}
			// Re-checked after the sleep: a 429 meanwhile may have moved the start further out.
			await sleep(at - now);
		}
	}
}
