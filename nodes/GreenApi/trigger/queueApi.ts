import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { SWITCH_LABELS, WEBHOOK_TYPES } from '../events/eventCatalogue';
import { greenApiRequest } from '../transport/greenApiRequest';
import type { GreenApiContext } from '../transport/types';
import type { TriggerOptions } from './triggerOptions';

/** GREEN-API's shortest long-poll wait: an empty queue answers after this many seconds. */
export const RECEIVE_TIMEOUT_S = 5;

/** The head of the instance's notification queue; `body` is checked by the caller. */
export interface Receipt {
	receiptId: number;
	body: unknown;
}

/**
 * The oldest notification, or null when the queue is empty. The queue is head-only: the same
 * receipt comes back until it is deleted.
 */
export async function receive(ctx: GreenApiContext): Promise<Receipt | null> {
	const { body } = await greenApiRequest(ctx, {
		method: 'receiveNotification',
		verb: 'GET',
		host: 'api',
		query: { receiveTimeout: RECEIVE_TIMEOUT_S },
		longPollSeconds: RECEIVE_TIMEOUT_S,
		retry: 'safe',
	});
	if (body === null || body === undefined || body === '') return null;
	const answer = (typeof body === 'object' ? body : {}) as IDataObject;
	// The docs show a number; a numeric string is accepted too.
	const receiptId = Number(answer.receiptId);
	if (answer.receiptId === undefined || answer.receiptId === '' || !Number.isSafeInteger(receiptId)) {
		throw new NodeOperationError(ctx.getNode(), 'GREEN-API answered receiveNotification without a receipt ID', {
			description:
				'Without a receipt ID the notification cannot be removed from the queue, so polling stops here. Check that the credential points at a GREEN-API instance.',
		});
	}
	return { receiptId, body: answer.body };
}

/** deleteNotification: GREEN-API removes the receipt from the queue (a second delete is harmless). */
export async function removeFromQueue(ctx: GreenApiContext, receiptId: number): Promise<void> {
	await greenApiRequest(ctx, {
		method: 'deleteNotification',
		verb: 'DELETE',
		host: 'api',
		extraPath: [String(receiptId)],
		retry: 'safe',
	});
}

/**
 * An empty queue is normal, unless the instance sends everything to a webhook instead, or its
 * settings do not queue the chosen events at all.
 */
export async function explainEmptyQueue(ctx: GreenApiContext, options: TriggerOptions): Promise<void> {
	const { body } = await greenApiRequest(ctx, { method: 'getSettings', verb: 'GET', host: 'api', retry: 'safe' });
	const settings = (body ?? {}) as IDataObject;
	if (typeof settings.webhookUrl === 'string' && settings.webhookUrl !== '') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The instance sends its notifications to the webhook ${settings.webhookUrl}, so its queue stays empty`,
			{
				description:
					'GREEN-API fills the notification queue only while no webhook URL is set. Deactivate the workflow with the GREEN-API Trigger that set it, or clear the webhook URL (Instance → Set Settings), or use the GREEN-API Trigger instead.',
			},
		);
	}
	const off = WEBHOOK_TYPES.filter((type) => options.events.includes(type.value) && type.switches.length)
		.map((type) => type.switches[0])
		.filter((name, index, all) => all.indexOf(name) === index && settings[name] !== 'yes');
	if (off.length) {
		const labels = off.map((name) => SWITCH_LABELS[name]);
		throw new NodeOperationError(
			ctx.getNode(),
			`The instance does not queue the chosen events: ${labels.join(', ')} ${labels.length > 1 ? 'are' : 'is'} off`,
			{
				description: `Turn ${labels.length > 1 ? 'these settings' : 'this setting'} on with Instance → Set Settings (GREEN-API restarts the instance, which can take a few minutes).`,
			},
		);
	}
}
