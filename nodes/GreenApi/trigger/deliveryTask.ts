import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { DownloadLimits } from '../transport/limits';

/**
 * Work a trigger leaves to its own step of the execution, where n8n already holds the
 * notification: the execution exists (in queue mode, on a worker), so removing the notification
 * from GREEN-API's queue cannot lose it, and a slow media download delays neither GREEN-API's
 * answer nor the next notification.
 */
export interface DeliveryTask {
	/** The notification's key (deliveryMemory), which the step claims for this execution (executionClaim). */
	key?: string;
	/** The Queue Trigger's receipt, deleted from the instance's queue. */
	receiptId?: number;
	/** The file of a media message, with Download Media on, and the trigger's download options. */
	media?: { url: string; fileName?: string; mimeType?: string; property: string; limits: DownloadLimits };
}

/** Where the task rides in the item n8n stores for the execution; the step removes it from the output. */
export const DELIVERY_TASK = '__greenApiDelivery';

/** The item without its task, and the task when it has one. */
export function takeDeliveryTask(item: INodeExecutionData): { json: IDataObject; task?: DeliveryTask } {
	const { [DELIVERY_TASK]: task, ...json } = item.json;
	if (!task || typeof task !== 'object' || Array.isArray(task)) return { json: item.json };
	return { json, task: task as DeliveryTask };
}
