export const MAX_ATTEMPTS = 4;
/**
 * Attempts a paced request (Parallel Requests) gets for 429s. Its pacer slows every request of
 * the run down after each 429, so more attempts let it settle when something else uses the same
 * instance at the same time (another workflow, another queue-mode worker) instead of failing items.
 */
export const MAX_ATTEMPTS_PACED_429 = 8;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

const RETRYABLE_SERVER_CODES = new Set([499, 500, 502, 503, 504]);

/** Milliseconds from a Retry-After header (seconds or an HTTP date), if it has a usable value. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	if (header === undefined || header === null || header === '') return undefined;
	const text = String(Array.isArray(header) ? header[0] : header).trim();
	const seconds = Number(text);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined to give up.
 * `failure` is an HTTP status, 'network' when the connection failed, 'timeout' when no answer
 * came in time: that one is not retried, the request already waited as long as it may.
 */
export function retryDelay(
	failure: number | 'network' | 'timeout',
	attempt: number,
	mayRepeat: boolean,
	retryAfter?: unknown,
	paced = false,
): number | undefined {
	if (failure === 'timeout') return undefined;
	const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (Math.min(attempt, MAX_ATTEMPTS) - 1));
	if (failure === 429) {
		if (attempt >= (paced ? MAX_ATTEMPTS_PACED_429 : MAX_ATTEMPTS)) return undefined;
		return Math.min(MAX_DELAY_MS, retryAfterMs(retryAfter) ?? backoff);
	}
	if (attempt >= MAX_ATTEMPTS) return undefined;
	if (!mayRepeat) return undefined;
	if (failure === 'network' || RETRYABLE_SERVER_CODES.has(failure)) return backoff;
	return undefined;
}
