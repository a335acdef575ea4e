import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DELIVERY_TASK, type DeliveryTask } from './deliveryTask';
import { isMediaKind, typeMessageOf, type Notification } from './notification';
import { simplify } from './simplify';
import type { TriggerOptions } from './triggerOptions';

/**
 * One workflow item from one notification, as the trigger hands it to n8n. What must wait until
 * n8n holds the notification (removing it from GREEN-API's queue, downloading its media) rides
 * along as a delivery task for the trigger's own step of the execution (deliveryStep).
 */
export function notificationItem(
	notification: Notification,
	options: TriggerOptions,
	delivery: Pick<DeliveryTask, 'key' | 'receiptId'> = {},
): INodeExecutionData {
	const json: IDataObject = options.simplify ? simplify(notification) : { ...notification };
	const task: DeliveryTask = { ...delivery };

	if (options.downloadMedia && isMediaKind(typeMessageOf(notification))) {
		const file = (notification.messageData?.fileMessageData ?? {}) as IDataObject;
		const url = typeof file.downloadUrl === 'string' ? file.downloadUrl : '';
		if (/^https?:\/\//i.test(url)) {
			task.media = {
				url,
				fileName: typeof file.fileName === 'string' && file.fileName ? file.fileName : undefined,
				mimeType: typeof file.mimeType === 'string' && file.mimeType ? file.mimeType.split(';')[0] : undefined,
				property: options.binaryPropertyName,
				limits: options.download,
			};
		} else {
			// GREEN-API puts a marker such as {{SWE002}} here for files over 100 MB.
			json.mediaError = url ? `No file to download: ${url}` : 'The message has no download link';
		}
	}
	if (Object.keys(task).length) json[DELIVERY_TASK] = task as IDataObject;
	return { json };
}
