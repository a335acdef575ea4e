import type { IDataObject, INodeExecutionData, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { downloadFile } from '../transport/fileDownload';
import { isMediaKind, typeMessageOf, type Notification } from './notification';
import { simplify } from './simplify';
import type { TriggerOptions } from './triggerOptions';

/**
 * One workflow item from one notification. With Download Media, the file of a media message is
 * attached as binary data; a file that cannot be fetched is reported in `mediaError` rather than
 * losing the message.
 */
export async function notificationItem(
	ctx: IWebhookFunctions | IPollFunctions,
	notification: Notification,
	options: TriggerOptions,
): Promise<INodeExecutionData> {
	const json: IDataObject = options.simplify ? simplify(notification) : notification;
	const item: INodeExecutionData = { json };
	if (!options.downloadMedia || !isMediaKind(typeMessageOf(notification))) return item;

	const file = (notification.messageData?.fileMessageData ?? {}) as IDataObject;
	const url = typeof file.downloadUrl === 'string' ? file.downloadUrl : '';
	if (!/^https?:\/\//i.test(url)) {
		// GREEN-API puts a marker such as {{SWE002}} here for files over 100 MB.
		json.mediaError = url ? `No file to download: ${url}` : 'The message has no download link';
		return item;
	}
	try {
		const download = await downloadFile(ctx, url, options.download);
		const fileName = (typeof file.fileName === 'string' && file.fileName) || download.fileName;
		const mimeType = (typeof file.mimeType === 'string' && file.mimeType.split(';')[0]) || download.mimeType;
		item.binary = {
			[options.binaryPropertyName]: await ctx.helpers.prepareBinaryData(download.data, fileName, mimeType),
		};
	} catch (error) {
		json.mediaError = error instanceof Error ? error.message : String(error);
		ctx.logger.warn(`GREEN-API trigger could not download media: ${json.mediaError as string}`);
	}
	return item;
}
