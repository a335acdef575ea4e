import type { IExecuteFunctions } from 'n8n-workflow';

import { memoryOf, remember } from './deliveryMemory';

/** Runs a trigger started in production. A manual test, or a retry the user asked for, always runs. */
const CLAIMING_MODES = new Set(['webhook', 'trigger']);

/** Claims n8n keeps per trigger node: copies come within minutes, not after a thousand other notifications. */
const RECORDED = 1000;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Whether this execution is the first to hold the notification. Copies that reached different
 * n8n processes (two webhook processes behind a load balancer; n8n restarted between a delivery
 * and its resend) each start an execution, and no process can see what another one started.
 * What they do share is n8n's database: the trigger's step records the notification there with
 * n8n's deduplication helper (the store behind its Remove Duplicates node, on every process and
 * worker), and the execution of a later copy ends at the trigger without items.
 *
 * n8n reads and writes that record without a lock, so two copies whose steps run at the same
 * moment in two processes can both pass. Within a process the claim is checked and set before any
 * await, and records are written one after another so none overwrites another. When the record
 * cannot be used, the execution goes on: a second run is better than a lost message.
 */
export async function claimExecution(ctx: IExecuteFunctions, key: string): Promise<boolean> {
	if (!CLAIMING_MODES.has(ctx.getMode())) return true;
	const memory = memoryOf(ctx.getWorkflow().id, ctx.getNode().id);
	if (memory.claimed.has(key)) return false;
	remember(memory.claimed, key);
	// n8n versions before the deduplication helpers keep only the per-process claim.
	if (typeof ctx.helpers.checkProcessedAndRecord !== 'function') return true;

	const recorded = memory.recording.then(
		async () => await ctx.helpers.checkProcessedAndRecord([key], 'node', { mode: 'entries', maxEntries: RECORDED }),
	);
	memory.recording = recorded.catch(() => undefined);
	try {
		const { processed } = await recorded;
		return processed.length === 0;
	} catch (error) {
		ctx.logger.warn(
			`GREEN-API trigger could not check n8n's record of started notifications, so this execution goes on: ${messageOf(error)}`,
		);
		return true;
	}
}
