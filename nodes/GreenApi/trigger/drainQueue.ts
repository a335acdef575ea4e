import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { SWITCH_LABELS, WEBHOOK_TYPES } from '../events/eventCatalogue';
import { greenApiRequest } from '../transport/greenApiRequest';
import { wanted } from './matchNotification';
import { isNotification, type Notification } from './notification';
import { notificationItem } from './notificationItem';
import { isRedelivery } from './redelivery';
import type { TriggerOptions } from './triggerOptions';

/** GREEN-API's shortest long-poll wait: an empty queue answers after this many seconds. */
const RECEIVE_TIMEOUT_S = 5;
const FALLBACK_BUDGET_MS = 60_000;

interface Receipt {
	receiptId: number;
	body: Notification;
}

async function receive(ctx: IPollFunctions): Promise<Receipt | undefined> {
	const { body } = await greenApiRequest(ctx, {
		method: 'receiveNotification',
		verb: 'GET',
		host: 'api',
		query: { receiveTimeout: RECEIVE_TIMEOUT_S },
		retry: 'safe',
	});
	const receipt = body as Partial<Receipt> | null;
	return receipt && typeof receipt.receiptId === 'number' && isNotification(receipt.body)
		? (receipt as Receipt)
		: undefined;
}

/**
 * An empty queue is normal, unless the instance sends everything to a webhook instead, or its
 * settings do not queue the chosen events at all.
 */
async function explainEmptyQueue(ctx: IPollFunctions, options: TriggerOptions): Promise<void> {
	const { body } = await greenApiRequest(ctx, { method: 'getSettings', verb: 'GET', host: 'api', retry: 'safe' });
	const settings = (body ?? {}) as IDataObject;
	if (typeof settings.webhookUrl === 'string' && settings.webhookUrl !== '') {
		throw new NodeOperationError(ctx.getNode(), `The instance sends its notifications to the webhook ${settings.webhookUrl}, so its queue stays empty`, {
			description:
				'GREEN-API fills the notification queue only while no webhook URL is set. Deactivate the workflow with the GREEN-API Trigger that set it, or clear the webhook URL (Instance → Set Settings), or use the GREEN-API Trigger instead.',
		});
	}
	const off = WEBHOOK_TYPES.filter((type) => options.events.includes(type.value) && type.switches.length)
		.map((type) => type.switches[0])
		.filter((name, index, all) => all.indexOf(name) === index && settings[name] !== 'yes');
	if (off.length) {
		const labels = off.map((name) => SWITCH_LABELS[name]);
		throw new NodeOperationError(ctx.getNode(), `The instance does not queue the chosen events: ${labels.join(', ')} ${labels.length > 1 ? 'are' : 'is'} off`, {
			description: `Turn ${labels.length > 1 ? 'these settings' : 'this setting'} on with Instance → Set Settings (GREEN-API restarts the instance, which can take a few minutes).`,
		});
	}
}

function budgetMs(ctx: IPollFunctions): number {
	// getPollBudgetMs is newer than some n8n versions this package runs on.
	const budget = (ctx.getPollBudgetMs as (() => number) | undefined)?.call(ctx);
	return typeof budget === 'number' && budget > 0 ? budget : FALLBACK_BUDGET_MS;
}

/**
 * A manual run shows the oldest waiting notification without deleting it, so the live workflow
 * still gets it.
 */
export async function peekQueue(ctx: IPollFunctions, options: TriggerOptions): Promise<INodeExecutionData[]> {
	const receipt = await receive(ctx);
	if (!receipt) {
		await explainEmptyQueue(ctx, options);
		return [];
	}
	return wanted(receipt.body, options) ? [await notificationItem(ctx, receipt.body, options)] : [];
}

/**
 * Takes notifications off the queue until it is empty or the poll's time is nearly up: one
 * receive and one delete per notification. A notification is deleted only after it became an
 * item (or was filtered out); when a delete fails, draining stops and the next poll receives it
 * again, where the redelivery check keeps it from starting the workflow twice.
 */
export async function drainQueue(ctx: IPollFunctions, options: TriggerOptions): Promise<INodeExecutionData[]> {
	const stored = ctx.getWorkflowStaticData('node');
	// Leave room for one more long poll and the deletes.
	const deadline = Date.now() + budgetMs(ctx) - (RECEIVE_TIMEOUT_S + 5) * 1000;
	const items: INodeExecutionData[] = [];

	for (let first = true; Date.now() < deadline || first; first = false) {
		const receipt = await receive(ctx);
		if (!receipt) {
			if (first) await explainEmptyQueue(ctx, options);
			break;
		}
		if (wanted(receipt.body, options) && !isRedelivery(stored, receipt.body)) {
			items.push(await notificationItem(ctx, receipt.body, options));
		}
		try {
			await greenApiRequest(ctx, {
				method: 'deleteNotification',
				verb: 'DELETE',
				host: 'api',
				extraPath: [String(receipt.receiptId)],
				retry: 'safe',
			});
		} catch (error) {
			ctx.logger.warn(
				`GREEN-API Queue Trigger could not delete notification ${receipt.receiptId}; it will be received again: ${
					error instanceof Error ? error.message : String(error)
				}`,
			);
			break;
		}
	}
	return items;
}
