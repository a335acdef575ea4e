import { createHash } from 'node:crypto';

import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/**
 * n8n's record of processed items (the `processed_data` table that n8n's DeduplicationHelper
 * keeps, one row per workflow and node), in memory, with the behaviour nodes rely on: entries
 * mode, a value hash per item, the oldest entries dropped beyond `maxEntries`. It stands for
 * the database every n8n process shares, so a node loaded "in another process" sees it too.
 */
const rows = new Map<string, string[]>();

const rowOf = (scope: DeduplicationScope, { workflow, node }: ICheckProcessedContextData) =>
	`${workflow.id}\u0000${scope === 'node' ? `n:${node?.id ?? ''}` : ''}`;

const hashOf = (item: DeduplicationItemTypes) => createHash('md5').update(String(item)).digest('base64');

function entriesOnly(options: ICheckProcessedOptions): void {
	if (options.mode !== 'entries') throw new Error(`The harness' processed-data store models only mode "entries", not "${options.mode}"`);
}

const store: IDataDeduplicator = {
	async checkProcessedAndRecord(items, scope, context, options): Promise<IDeduplicationOutput> {
		entriesOnly(options);
		const row = rows.get(rowOf(scope, context)) ?? [];
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hash = hashOf(item);
			if (row.includes(hash)) output.processed.push(item);
			else {
				output.new.push(item);
				row.push(hash);
			}
		}
		if (options.maxEntries) row.splice(0, Math.max(0, row.length - options.maxEntries));
		rows.set(rowOf(scope, context), row);
		return output;
	},
	async removeProcessed(items, scope, context, options) {
		entriesOnly(options);
		const hashes = new Set(items.map(hashOf));
		rows.set(
			rowOf(scope, context),
			(rows.get(rowOf(scope, context)) ?? []).filter((hash) => !hashes.has(hash)),
		);
	},
	async clearAllProcessedItems(scope, context) {
		rows.delete(rowOf(scope, context));
	},
	async getProcessedDataCount(scope, context, options) {
		entriesOnly(options);
		return rows.get(rowOf(scope, context))?.length ?? 0;
	},
};

let initialised: Promise<void> | undefined;

/** Gives n8n-core's DataDeduplicationService its store, as n8n's processes do when they start. */
export async function useProcessedDataStore(): Promise<void> {
	initialised ??= DataDeduplicationService.init(store);
	await initialised;
}

/** What n8n's record holds for a node: the number of entries. */
export const processedCount = (workflowId: string, nodeId: string): number => rows.get(`${workflowId}\u0000n:${nodeId}`)?.length ?? 0;
