import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { MethodEntry } from '../catalogue/types';
import type { PreparedCall } from './prepareCall';

/**
 * The pace for methods GREEN-API documents no limit for (uploadFile, the partner methods, the
 * newest send methods): the lowest limit it documents for any send or file method. Unconfirmed;
 * 429 answers slow the node down further.
 */
export const UNDOCUMENTED_RPS = 5;
/** Requests in flight per allowed request per second: room for answers that take up to ~3 s. */
const SECONDS_IN_FLIGHT = 3;
const MAX_IN_FLIGHT = 100;

export const documentedRate = (entry: MethodEntry): number => entry.rateLimitRps ?? UNDOCUMENTED_RPS;

/** The two options every operation has under Options. */
export function bulkProperties(entry: MethodEntry): INodeProperties[] {
	const limit = entry.rateLimitRps
		? `GREEN-API allows ${entry.rateLimitRps} ${entry.method} requests per second per instance`
		: `GREEN-API documents no limit for ${entry.method}; too many requests are slowed down when it answers 429`;
	return [
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'boolean',
			default: false,
			description:
				'Whether to send several items at once, at most Requests per Second, instead of one after another. Output items keep the input order; items for the same chat still go out one after another, in order.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: documentedRate(entry),
			description: `With Parallel Requests, the most requests this node starts per second. ${limit}; when other workflows or queue-mode workers use the same instance at the same time, give each a share.`,
		},
	];
}

export interface BulkSettings {
	requestsPerSecond: number;
	maxInFlight: number;
}

/** Parallel Requests as set on the first item (it applies to the whole run), or undefined when off. */
export function bulkSettings(ctx: IExecuteFunctions, entry: MethodEntry): BulkSettings | undefined {
	if (ctx.getInputData().length === 0) return undefined;
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	if (options.parallelRequests !== true) return undefined;
	const requestsPerSecond = Number(options.requestsPerSecond ?? documentedRate(entry));
	if (!Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0) {
		throw new NodeOperationError(ctx.getNode(), '"Requests per Second" must be a number above 0', {
			description: `${documentedRate(entry)} is what GREEN-API allows for ${entry.method}.`,
		});
	}
	const maxInFlight = Math.min(MAX_IN_FLIGHT, Math.max(1, Math.ceil(requestsPerSecond * SECONDS_IN_FLIGHT)));
	return { requestsPerSecond, maxInFlight };
}

/**
 * Which items must not overtake each other: those for the same chat (messages arrive in input
 * order); all writes that name no chat (setSettings, createGroup, ...: the last one wins, as
 * without Parallel Requests). Reads that name no chat (checkWhatsapp, ...) run in any order.
 */
export function orderKey(prepared: PreparedCall): string | undefined {
	const body = prepared.call.body ?? {};
	const chat = body.chatId ?? body.groupId;
	if (typeof chat === 'string' && chat !== '') return `chat:${chat}`;
	return prepared.entry.safeToRetry ? undefined : 'writes';
}
