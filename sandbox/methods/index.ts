/** All method handlers by lower-case method name. */
import { accountHandlers } from './account';
import { groupHandlers } from './groups';
import { journalHandlers } from './journals';
import { queueHandlers } from './queues';
import { receivingHandlers } from './receiving';
import { sendingHandlers } from './sending';
import { sendingFileHandlers } from './sendingFiles';
import { serviceHandlers } from './service';
import { statusHandlers } from './statuses';
import type { MethodHandler } from './types';

const tables = [
	accountHandlers,
	sendingHandlers,
	sendingFileHandlers,
	receivingHandlers,
	journalHandlers,
	queueHandlers,
	groupHandlers,
	statusHandlers,
	serviceHandlers,
];

const byLowerName = new Map<string, MethodHandler>(
	tables.flatMap((table) => Object.entries(table)).map(([name, handler]) => [name.toLowerCase(), handler]),
);

export function handlerFor(methodName: string): MethodHandler | undefined {
	return byLowerName.get(methodName.toLowerCase());
}

export const HANDLED_METHODS: readonly string[] = tables.flatMap((table) => Object.keys(table));

export { partnerHandlers } from './partner';
export { EMPTY } from './types';
export type { MethodHandler, MethodRequest } from './types';
