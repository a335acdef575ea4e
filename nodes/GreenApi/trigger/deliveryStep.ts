import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { downloadFile } from '../transport/fileDownload';
import { takeDeliveryTask, type DeliveryTask } from './deliveryTask';
import { claimExecution } from './executionClaim';
import { removeFromQueue } from './queueApi';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

type Media = NonNullable<DeliveryTask['media']>;

/** Attaches the file as binary data; a file that cannot be fetched is reported in `mediaError` rather than losing the message. */
export async function attachMedia(ctx: IExecuteFunctions | IPollFunctions, item: INodeExecutionData, media: Media): Promise<void> {
	try {
		const download = await downloadFile(ctx, media.url, media.limits);
		item.binary = {
			[media.property]: await ctx.helpers.prepareBinaryData(
				download.data,
				media.fileName ?? download.fileName,
				media.mimeType ?? download.mimeType,
			),
		};
	} catch (error) {
		item.json.mediaError = messageOf(error);
		ctx.logger.warn(`GREEN-API trigger could not download media: ${item.json.mediaError as string}`);
	}
}

async function acknowledge(ctx: IExecuteFunctions, receiptId: number): Promise<void> {
	try {
		await removeFromQueue(ctx, receiptId);
	} catch (error) {
		// The execution goes on; the trigger's next poll finds the notification again, knows it
		// started this execution, and removes it without starting another.
		ctx.logger.warn(
			`GREEN-API Queue Trigger could not remove notification ${receiptId} from the queue; the next poll removes it without starting the workflow again: ${messageOf(error)}`,
		);
	}
}

/**
 * The trigger's own step in the execution it started: n8n calls a trigger node's execute() with
 * the items the trigger handed over. Items without a task (pinned data) pass unchanged; a
 * notification another execution already holds is left out, so that run ends here.
 */
export async function completeDeliveries(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = [];
	for (const [index, item] of ctx.getInputData().entries()) {
		const { json, task } = takeDeliveryTask(item);
		if (!task) {
			output.push(item);
			continue;
		}
		if (typeof task.receiptId === 'number') await acknowledge(ctx, task.receiptId);
		if (typeof task.key === 'string' && !(await claimExecution(ctx, task.key))) {
			ctx.logger.info(
				`GREEN-API trigger ends this execution without the notification: another execution already holds notification ${task.key} (a copy GREEN-API sent again)`,
			);
			continue;
		}
		const result: INodeExecutionData = { json: json as IDataObject, pairedItem: { item: index } };
		if (task.media) await attachMedia(ctx, result, task.media);
		output.push(result);
	}
	return [output];
}
