import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

/** Notifications remembered in the workflow's static data, which n8n persists. */
const PERSISTED = 500;
/** Notifications remembered per trigger in the memory of this n8n process. */
const IN_PROCESS = 1000;

function stable(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stable((value as IDataObject)[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

/**
 * What makes two deliveries the same notification: GREEN-API resends a webhook with the same
 * body, and its queue returns the same body until the receipt is deleted.
 */
export function notificationKey(notification: IDataObject): string {
	return createHash('sha256').update(stable(notification)).digest('hex').slice(0, 24);
}

/**
 * What one trigger (workflow + node) knows in this process about the notifications it handled.
 * Static data alone cannot guard against copies: n8n reads it per request or poll and saves it
 * only after the node returned, so two copies in flight both find it empty.
 */
export interface TriggerMemory {
	/** Notifications an execution holds. */
	started: Set<string>;
	/** Notifications handed to n8n whose execution is not confirmed yet, with how that ended. */
	inFlight: Map<string, Promise<boolean>>;
	/** Started, but not yet in the static data (a poll can write it only while it runs). */
	unsaved: string[];
	draining: boolean;
	/** Notifications whose execution ran the trigger's step in this process (executionClaim). */
	claimed: Set<string>;
	/** The last claim recorded in n8n's database from this process; the next one waits for it. */
	recording: Promise<unknown>;
}

const memories = new Map<string, TriggerMemory>();

export function memoryOf(workflowId: string | undefined, nodeId: string): TriggerMemory {
	const scope = `${workflowId ?? ''}\u0000${nodeId}`;
	let memory = memories.get(scope);
	if (!memory) {
		memory = { started: new Set(), inFlight: new Map(), unsaved: [], draining: false, claimed: new Set(), recording: Promise.resolve() };
		memories.set(scope, memory);
	}
	return memory;
}

const persistedKeys = (staticData: IDataObject): string[] => (Array.isArray(staticData.seen) ? (staticData.seen as string[]) : []);

export function wasStarted(memory: TriggerMemory, staticData: IDataObject, key: string): boolean {
	return memory.started.has(key) || persistedKeys(staticData).includes(key);
}

/** Adds a key to a set that keeps the last IN_PROCESS keys. */
export function remember(keys: Set<string>, key: string): void {
	keys.add(key);
	if (keys.size > IN_PROCESS) keys.delete(keys.values().next().value as string);
}

/** Records in this process that an execution holds the notification. */
export function markStarted(memory: TriggerMemory, key: string): void {
	remember(memory.started, key);
}

/** Adds keys to the static data's memory, which n8n saves with the node's other static data. */
export function persistStarted(staticData: IDataObject, keys: string[]): void {
	const known = persistedKeys(staticData);
	const fresh = keys.filter((key) => !known.includes(key));
	if (fresh.length) staticData.seen = [...known, ...fresh].slice(-PERSISTED);
}

/**
 * Tracks a notification handed to n8n until `settled` tells whether an execution holds it; then
 * it counts as started, or is forgotten so that GREEN-API's next copy starts it.
 */
export function trackInFlight(memory: TriggerMemory, key: string, settled: Promise<boolean>): Promise<boolean> {
	const outcome = settled.then(
		(held) => {
			memory.inFlight.delete(key);
			if (held) markStarted(memory, key);
			return held;
		},
		() => {
			memory.inFlight.delete(key);
			return false;
		},
	);
	memory.inFlight.set(key, outcome);
	return outcome;
}
