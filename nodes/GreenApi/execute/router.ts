import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { MethodEntry } from '../catalogue/types';
import { greenApiRequest } from '../transport/greenApiRequest';
import { prepareCall, type PreparedCall } from './prepareCall';
import { shapeOutput } from './shapeOutput';
import { toNodeError } from './toNodeError';

/** The item Continue On Fail puts out for a failed item. */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	if (typeof error.context.greenApiMessage === 'string') json.greenApiMessage = error.context.greenApiMessage;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Runs one catalogue entry for every input item. All items are checked before the first request,
 * so bad input stops the node before anything is sent (unless the node continues on failure,
 * where the bad items become error items and the good ones still go out).
 */
export async function runEntry(ctx: IExecuteFunctions, entry: MethodEntry): Promise<INodeExecutionData[][]> {
	if (entry.run) return await entry.run(ctx);
	const items = ctx.getInputData();
	const prepared: Array<PreparedCall | NodeApiError | NodeOperationError> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			prepared.push(await prepareCall(ctx, entry, i));
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!ctx.continueOnFail()) throw nodeError;
			prepared.push(nodeError);
		}
	}

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < prepared.length; i++) {
		const current = prepared[i];
		if (current instanceof NodeApiError || current instanceof NodeOperationError) {
			output.push(errorItem(current, i));
			continue;
		}
		try {
			const response = await greenApiRequest(ctx, current.call);
			output.push(...(await shapeOutput(ctx, current, response.body)));
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!ctx.continueOnFail()) throw nodeError;
			output.push(errorItem(nodeError, i));
		}
	}
	return [output];
}
