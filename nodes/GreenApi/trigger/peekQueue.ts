import type { IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { attachMedia } from './deliveryStep';
import { takeDeliveryTask } from './deliveryTask';
import { wanted } from './matchNotification';
import { isNotification } from './notification';
import { notificationItem } from './notificationItem';
import { explainEmptyQueue, receive } from './queueApi';
import type { TriggerOptions } from './triggerOptions';

/**
 * A manual run shows the oldest waiting notification without deleting it, so the live workflow
 * still gets it.
 */
export async function peekQueue(ctx: IPollFunctions | IExecuteFunctions, options: TriggerOptions): Promise<INodeExecutionData[]> {
	const receipt = await receive(ctx);
	if (!receipt) {
		await explainEmptyQueue(ctx, options);
		return [];
	}
	if (!isNotification(receipt.body) || !wanted(receipt.body, options)) return [];
	const { json, task } = takeDeliveryTask(notificationItem(receipt.body, options));
	const item: INodeExecutionData = { json };
	if (task?.media) await attachMedia(ctx, item, task.media);
	return [item];
}
