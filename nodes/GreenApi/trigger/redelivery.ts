import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

const REMEMBERED = 500;

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
 * GREEN-API resends a notification until it gets a 200 (and the queue returns it until it is
 * deleted), so the same notification can arrive twice. The last few hundred are remembered in
 * the node's static data, which n8n persists, so this works across processes in queue mode.
 */
export function isRedelivery(staticData: IDataObject, notification: IDataObject): boolean {
	const key = createHash('sha256').update(stable(notification)).digest('hex').slice(0, 24);
	const seen = Array.isArray(staticData.seen) ? (staticData.seen as string[]) : [];
	if (seen.includes(key)) return true;
	staticData.seen = [...seen.slice(-(REMEMBERED - 1)), key];
	return false;
}
