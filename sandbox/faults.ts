/**
 * Faults for resilience tests and the per-method rate limits of the contract.
 *
 * A fault rule matches a method (case-insensitive, '*' for all) and optionally one instance, and
 * shapes the next `times` matching requests: added latency, then one of a 500/502 answer, a 429
 * (optionally with Retry-After), a 466 quota answer, or a dropped connection.
 */
import { findMethod } from './contract';
import { validationFailed } from './errors';
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
}

export interface FaultInfo extends Required<Pick<FaultRule, 'method' | 'times'>> {
	id: number;
	idInstance?: number;
	status?: FaultStatus;
	retryAfter?: number;
	drop?: boolean;
	latencyMs?: number;
	/** Requests the rule has shaped so far. */
	used: number;
}

export interface FaultOutcome {
	latencyMs: number;
	action?: { kind: 'status'; status: FaultStatus; retryAfter?: number } | { kind: 'drop' };
	labels: string[];
}

const STATUSES: readonly FaultStatus[] = [500, 502, 429, 466];

export function readFaultRule(input: unknown): FaultRule {
	if (!isPlainObject(input)) throw validationFailed('a fault must be an object');
	const { method, idInstance, times, status, retryAfter, drop, latencyMs } = input;
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
	if (drop !== undefined && typeof drop !== 'boolean')
		throw validationFailed("'drop' must be a boolean");
	const rule: FaultRule = {
		method,
		idInstance: idInstance === undefined ? undefined : Number(idInstance),
		times: count('times', times),
		status: status as FaultStatus | undefined,
		retryAfter: count('retryAfter', retryAfter),
		drop: drop as boolean | undefined,
		latencyMs: count('latencyMs', latencyMs),
	};
	if (rule.status === undefined && !rule.drop && !rule.latencyMs) {
		throw validationFailed("a fault needs 'status', 'drop' or 'latencyMs'");
	}
	return rule;
}

export class Faults {
	private rules: FaultInfo[] = [];
	private nextId = 1;

	add(rule: FaultRule): FaultInfo {
		const info: FaultInfo = {
			id: this.nextId++,
			method: rule.method,
			times: rule.times ?? 1,
			used: 0,
			...(rule.idInstance !== undefined ? { idInstance: Number(rule.idInstance) } : {}),
			...(rule.status !== undefined ? { status: rule.status } : {}),
			...(rule.retryAfter !== undefined ? { retryAfter: rule.retryAfter } : {}),
			...(rule.drop ? { drop: true } : {}),
			...(rule.latencyMs ? { latencyMs: rule.latencyMs } : {}),
		};
		this.rules.push(info);
		return info;
	}

	list(): FaultInfo[] {
		return this.rules.map((r) => ({ ...r }));
	}

	remove(id: number): boolean {
		const before = this.rules.length;
		this.rules = this.rules.filter((r) => r.id !== id);
		return this.rules.length !== before;
	}

	clear(): void {
		this.rules = [];
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
			rule.used++;
			if (rule.latencyMs) {
				outcome.latencyMs += rule.latencyMs;
				outcome.labels.push('latency');
			}
			if (rule.drop) {
				outcome.action = { kind: 'drop' };
				outcome.labels.push('drop');
			} else if (rule.status !== undefined) {
				outcome.action = { kind: 'status', status: rule.status, retryAfter: rule.retryAfter };
				outcome.labels.push(rule.status === 466 ? 'quota466' : `status${rule.status}`);
			}
		}
		this.rules = this.rules.filter((r) => r.times === 0 || r.used < r.times);
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
