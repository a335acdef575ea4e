import { sleep, type IDataObject, type IPollFunctions, type IRun } from 'n8n-workflow';

import { toNodeError } from '../execute/toNodeError';
import { markStarted, memoryOf, notificationKey, persistStarted, trackInFlight, wasStarted, type TriggerMemory } from './deliveryMemory';
import { wanted } from './matchNotification';
import { isKnownEvent, isNotification, type Notification } from './notification';
import { notificationItem } from './notificationItem';
import { explainEmptyQueue, receive, RECEIVE_TIMEOUT_S, removeFromQueue, type Receipt } from './queueApi';
import type { TriggerOptions } from './triggerOptions';

/**
 * A poll ends after this long, whatever budget n8n gives it: n8n's default scheduler allows
 * 5 minutes, and activating a workflow waits for its first poll.
 */
const MAX_DRAIN_MS = 30_000;
const FALLBACK_BUDGET_MS = 60_000;
/** The least time given to an execution the poll started before it moves on. */
const MIN_EXECUTION_WAIT_MS = 5_000;

type Step = 'next' | 'stop';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function drainBudgetMs(ctx: IPollFunctions): number {
	// getPollBudgetMs is newer than some n8n versions this package runs on.
	const budget = (ctx.getPollBudgetMs as (() => number) | undefined)?.call(ctx);
	return Math.min(typeof budget === 'number' && budget > 0 ? budget : FALLBACK_BUDGET_MS, MAX_DRAIN_MS);
}

async function settleBy<T>(promise: Promise<T>, deadline: number): Promise<T | 'timeout'> {
	const abort = new AbortController();
	const timeout = sleep(Math.max(deadline - Date.now(), MIN_EXECUTION_WAIT_MS), abort.signal).then(
		() => 'timeout' as const,
		() => 'timeout' as const,
	);
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		abort.abort();
	}
}

async function remove(ctx: IPollFunctions, receiptId: number): Promise<Step> {
	try {
		await removeFromQueue(ctx, receiptId);
		return 'next';
	} catch (error) {
		ctx.logger.warn(
			`GREEN-API Queue Trigger could not remove notification ${receiptId} from the queue; the next poll receives it again: ${messageOf(error)}`,
		);
		return 'stop';
	}
}

/**
 * Hands one notification to n8n as its own execution and waits until that execution finished.
 * The execution's first step (the trigger's execute()) removes it from the queue, so a crash of
 * this process before then leaves it in the queue, and a crash after then cannot start it again.
 *
 * Why not mark it in static data before handing it over and delete it here: n8n's default
 * (legacy) scheduler saves static data just before it creates the execution, not with it, so a
 * crash in between would leave a mark for an execution that never existed, and the notification
 * would be deleted unseen. (The durable scheduler commits both together, but is off by default.)
 * Marks are therefore written only once n8n reported the execution.
 */
async function start(
	ctx: IPollFunctions,
	receiptId: number,
	notification: Notification,
	context: { options: TriggerOptions; memory: TriggerMemory; stored: IDataObject; key: string; deadline: number },
): Promise<Step> {
	const { memory, stored, key } = context;
	const done = ctx.helpers.createDeferredPromise<IRun | undefined>();
	let failure: unknown;
	const held = trackInFlight(
		memory,
		key,
		done.promise.then(
			(run) => run !== undefined,
			(error: unknown) => {
				failure = error;
				return false;
			},
		),
	);
	void held.then((ok) => ok && memory.unsaved.push(key));
	ctx.__emit([[notificationItem(notification, context.options, { key, receiptId })]], undefined, done);

	const outcome = await settleBy(held, context.deadline);
	if (outcome === true) {
		persistStarted(stored, memory.unsaved.splice(0));
		return 'next';
	}
	if (outcome === 'timeout') {
		ctx.logger.debug(
			`GREEN-API Queue Trigger leaves the rest of the queue to the next poll: the execution of notification ${receiptId} is still running`,
		);
		return 'stop';
	}
	ctx.logger.warn(
		`GREEN-API Queue Trigger: n8n did not start an execution for notification ${receiptId}, so it stays in the queue for the next poll (${
			failure === undefined ? 'n8n discarded the poll, e.g. because the workflow was changed or deactivated' : messageOf(failure)
		})`,
	);
	return 'stop';
}

async function handle(
	ctx: IPollFunctions,
	{ receiptId, body }: Receipt,
	context: { options: TriggerOptions; memory: TriggerMemory; stored: IDataObject; deadline: number },
): Promise<Step> {
	if (!isNotification(body)) {
		ctx.logger.warn(
			`GREEN-API Queue Trigger removes notification ${receiptId} from the queue: it has no typeWebhook, so it is no notification the trigger knows`,
		);
		return await remove(ctx, receiptId);
	}
	const key = notificationKey(body);
	if (context.memory.inFlight.has(key)) {
		ctx.logger.debug(`GREEN-API Queue Trigger waits for the execution of notification ${receiptId} to take it off the queue`);
		return 'stop';
	}
	if (wasStarted(context.memory, context.stored, key)) {
		ctx.logger.info(
			`GREEN-API Queue Trigger removes notification ${receiptId} from the queue without starting the workflow: an execution already holds it`,
		);
		markStarted(context.memory, key);
		return await remove(ctx, receiptId);
	}
	if (!isKnownEvent(body.typeWebhook)) {
		ctx.logger.warn(
			`GREEN-API Queue Trigger removes notification ${receiptId} from the queue: its type "${body.typeWebhook}" is unknown to this version, so no chosen event matches it`,
		);
		return await remove(ctx, receiptId);
	}
	if (!wanted(body, context.options)) return await remove(ctx, receiptId);
	return await start(ctx, receiptId, body, { ...context, key });
}

/**
 * Takes notifications off the queue, each as its own execution, in queue order, until the queue
 * is empty, the poll's time is up, or something fails. Nothing is deleted before n8n holds it:
 * notifications the workflow wants are deleted by their own execution, the others (filtered out,
 * unknown, or copies of ones an execution holds) here. Whatever stays is received again by the
 * next poll.
 */
export async function drainQueue(ctx: IPollFunctions, options: TriggerOptions): Promise<void> {
	const memory = memoryOf(ctx.getWorkflow().id, ctx.getNode().id);
	// n8n's default scheduler starts a poll even while the previous one still runs.
	if (memory.draining) {
		ctx.logger.debug('GREEN-API Queue Trigger skips this poll: the previous poll is still draining the queue');
		return;
	}
	memory.draining = true;
	try {
		const stored = ctx.getWorkflowStaticData('node');
		persistStarted(stored, memory.unsaved.splice(0));
		// Leave room for the long poll that finds the queue empty.
		const deadline = Date.now() + drainBudgetMs(ctx) - RECEIVE_TIMEOUT_S * 1000;
		for (let first = true; first || Date.now() < deadline; first = false) {
			let receipt: Receipt | null;
			try {
				receipt = await receive(ctx);
			} catch (error) {
				if (first) throw toNodeError(ctx.getNode(), error);
				ctx.logger.warn(`GREEN-API Queue Trigger stops this poll: receiveNotification failed; the next poll goes on: ${messageOf(error)}`);
				return;
			}
			if (!receipt) {
				if (first) await explainEmptyQueue(ctx, options);
				return;
			}
			if ((await handle(ctx, receipt, { options, memory, stored, deadline })) === 'stop') return;
		}
	} finally {
		memory.draining = false;
	}
}
