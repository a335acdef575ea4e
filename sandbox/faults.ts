/**
 * Faults for resilience tests and the per-method rate limits of the contract.
 *
 * A fault rule matches a method (case-insensitive, '*' for all) and optionally one instance, and
 * shapes the next `times` matching requests: added latency, then one of a 500/502 answer, a 429
 * (optionally with Retry-After), a 466 quota answer, or a dropped connection. With a probability
 * below 1 it shapes matching requests at random, from its own seeded sequence, so a run with the
 * same seed and the same requests fails the same ones. With afterHandling the request is carried
 * out first and only its answer is replaced or lost, as when a gateway times out on a server that
 * did the work.
 */
import { findMethod } from './contract';
import { validationFailed } from './errors';
import { seededRandom } from './random';
import { isPlainObject } from './validate';

export type FaultStatus = 500 | 502 | 429 | 466;

export interface FaultRule {
	/** Method name as in methods.json (any case), or '*' for every method. */
	method: string;
	idInstance?: number | string;
	/** How many matching requests the rule affects; default 1, 0 = until cleared. */
	times?: number;
	status?: FaultStatus;
	/** Seconds for the Retry-After header of a 429. */
	retryAfter?: number;
	/** Destroy the socket without answering. */
	drop?: boolean;
	/** Delay before the request is handled (or before the fault is answered). */
	latencyMs?: number;
	/** Share of matching requests the rule shapes, chosen at random (default 1: every one). */
	probability?: number;
	/** Seed of the rule's random choices (default: the rule's id). */
	seed?: number;
	/** Carry the request out, then answer the status or drop the connection instead of the result. */
	afterHandling?: boolean;
}

export interface FaultInfo extends Required<Pick<FaultRule, 'method' | 'times'>> {
	id: number;
	idInstance?: number;
	status?: FaultStatus;
	retryAfter?: number;
	drop?: boolean;
	latencyMs?: number;
	probability?: number;
	seed?: number;
	afterHandling?: boolean;
	/** Requests the rule has shaped so far. */
	used: number;
	/** Matching requests it left alone (probability below 1). */
	skipped: number;
}

export type FaultAction =
	| { kind: 'status'; status: FaultStatus; retryAfter?: number; afterHandling?: boolean }
	| { kind: 'drop'; afterHandling?: boolean };

export interface FaultOutcome {
	latencyMs: number;
	action?: FaultAction;
	labels: string[];
}

const STATUSES: readonly FaultStatus[] = [500, 502, 429, 466];

export function readFaultRule(input: unknown): FaultRule {
	if (!isPlainObject(input)) throw validationFailed('a fault must be an object');
	const { method, idInstance, times, status, retryAfter, drop, latencyMs, probability, seed, afterHandling } = input;
	if (typeof method !== 'string' || !method) throw validationFailed("'method' is required");
	if (method !== '*' && !findMethod(method)) throw validationFailed(`unknown method '${method}'`);
	const count = (name: string, value: unknown) => {
		if (value === undefined) return undefined;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
			throw validationFailed(`'${name}' must be a non-negative integer`);
		}
		return value;
	};
	if (status !== undefined && !STATUSES.includes(status as FaultStatus)) {
		throw validationFailed(`'status' must be one of [${STATUSES.join(', ')}]`);
	}
	if (drop !== undefined && typeof drop !== 'boolean') throw validationFailed("'drop' must be a boolean");
	if (afterHandling !== undefined && typeof afterHandling !== 'boolean') throw validationFailed("'afterHandling' must be a boolean");
	if (probability !== undefined && (typeof probability !== 'number' || !(probability > 0) || probability > 1)) {
		throw validationFailed("'probability' must be a number above 0 and at most 1");
	}
	const rule: FaultRule = {
		method,
		idInstance: idInstance === undefined ? undefined : Number(idInstance),
		times: count('times', times),
		status: status as FaultStatus | undefined,
		retryAfter: count('retryAfter', retryAfter),
		drop: drop as boolean | undefined,
		latencyMs: count('latencyMs', latencyMs),
		probability: probability as number | undefined,
		seed: count('seed', seed),
		afterHandling: afterHandling as boolean | undefined,
	};
	if (rule.status === undefined && !rule.drop && !rule.latencyMs) {
		throw validationFailed("a fault needs 'status', 'drop' or 'latencyMs'");
	}
	if (rule.afterHandling && rule.status === undefined && !rule.drop) {
		throw validationFailed("'afterHandling' needs 'status' or 'drop'");
	}
	return rule;
}

export class Faults {
	private rules: FaultInfo[] = [];
	private readonly randoms = new Map<number, () => number>();
	private nextId = 1;

	add(rule: FaultRule): FaultInfo {
		const id = this.nextId++;
		const info: FaultInfo = {
			id,
			method: rule.method,
			times: rule.times ?? 1,
			used: 0,
			skipped: 0,
			...(rule.idInstance !== undefined ? { idInstance: Number(rule.idInstance) } : {}),
			...(rule.status !== undefined ? { status: rule.status } : {}),
			...(rule.retryAfter !== undefined ? { retryAfter: rule.retryAfter } : {}),
			...(rule.drop ? { drop: true } : {}),
			...(rule.latencyMs ? { latencyMs: rule.latencyMs } : {}),
			...(rule.afterHandling ? { afterHandling: true } : {}),
		};
		if (rule.probability !== undefined && rule.probability < 1) {
			info.probability = rule.probability;
			info.seed = rule.seed ?? id;
			this.randoms.set(id, seededRandom(info.seed));
		}
		this.rules.push(info);
		return info;
	}

	list(): FaultInfo[] {
		return this.rules.map((r) => ({ ...r }));
	}

	remove(id: number): boolean {
		const before = this.rules.length;
		this.rules = this.rules.filter((r) => r.id !== id);
		this.randoms.delete(id);
		return this.rules.length !== before;
	}

	clear(): void {
		this.rules = [];
		this.randoms.clear();
	}

	/** Consumes the rules matching this request: all latencies add up, the first error/drop wins. */
	take(method: string, idInstance: number | null): FaultOutcome {
		const outcome: FaultOutcome = { latencyMs: 0, labels: [] };
		const lower = method.toLowerCase();
		for (const rule of this.rules) {
			if (rule.method !== '*' && rule.method.toLowerCase() !== lower) continue;
			if (rule.idInstance !== undefined && rule.idInstance !== idInstance) continue;
			const wantsAction = rule.drop || rule.status !== undefined;
			if (wantsAction && outcome.action) continue;
			const random = this.randoms.get(rule.id);
			if (random && random() >= (rule.probability ?? 1)) {
				rule.skipped++;
				continue;
			}
			rule.used++;
			if (rule.latencyMs) {
				outcome.latencyMs += rule.latencyMs;
				outcome.labels.push('latency');
			}
			const after = rule.afterHandling ? { afterHandling: true } : {};
			if (rule.drop) {
				outcome.action = { kind: 'drop', ...after };
				outcome.labels.push(rule.afterHandling ? 'dropAfterHandling' : 'drop');
			} else if (rule.status !== undefined) {
				outcome.action = { kind: 'status', status: rule.status, retryAfter: rule.retryAfter, ...after };
				const label = rule.status === 466 ? 'quota466' : `status${rule.status}`;
				outcome.labels.push(rule.afterHandling ? `${label}AfterHandling` : label);
			}
		}
		const spent = this.rules.filter((r) => r.times !== 0 && r.used >= r.times);
		for (const rule of spent) this.randoms.delete(rule.id);
		this.rules = this.rules.filter((r) => !spent.includes(r));
		return outcome;
	}
}

/**
 * Sliding one-second window per instance and method, limits from methods.json `rateLimitRps`.
 * Methods without a documented limit (uploadFile, the partner methods and the newer send
 * methods: unconfirmed) are not limited.
 */
export class RateLimiter {
	private readonly hits = new Map<string, number[]>();
	enabled: boolean;

	constructor(enabled: boolean) {
		this.enabled = enabled;
	}

	/** Records the request and says whether it is over the limit (over-limit requests are not counted). */
	allow(idInstance: number, method: string, rps: number | null, now = Date.now()): boolean {
		if (!this.enabled || !rps) return true;
		const key = `${idInstance}:${method}`;
		const recent = (this.hits.get(key) ?? []).filter((t) => now - t < 1000);
		if (recent.length >= rps) {
			this.hits.set(key, recent);
			return false;
		}
		recent.push(now);
		this.hits.set(key, recent);
		return true;
	}

	clear(): void {
		this.hits.clear();
	}
}
