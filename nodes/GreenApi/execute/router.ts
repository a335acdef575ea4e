import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { MethodEntry } from '../catalogue/types';
import { greenApiRequest } from '../transport/greenApiRequest';
import { bulkSettings, orderKey } from './bulkOptions';
import { runInParallel } from './parallel';
import { prepareCall, type PreparedCall } from './prepareCall';
import { RatePacer } from './ratePacer';
import { shapeOutput } from './shapeOutput';
import { toNodeError } from './toNodeError';

type Prepared = PreparedCall | NodeApiError | NodeOperationError;

/** The item Continue On Fail puts out for a failed item. */
export function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	if (typeof error.context.greenApiMessage === 'string') json.greenApiMessage = error.context.greenApiMessage;
	return { json, pairedItem: { item: itemIndex } };
}

const isError = (prepared: Prepared): prepared is NodeApiError | NodeOperationError =>
	prepared instanceof NodeApiError || prepared instanceof NodeOperationError;

/**
 * Runs one catalogue entry for every input item. All items are checked before the first request,
 * so bad input stops the node before anything is sent (unless the node continues on failure,
 * where the bad items become error items and the good ones still go out). Items go out one
 * after another, or with Parallel Requests several at once, paced; the output keeps the input
 * order either way.
 */
export async function runEntry(ctx: IExecuteFunctions, entry: MethodEntry): Promise<INodeExecutionData[][]> {
	if (entry.run) return await entry.run(ctx);
	const items = ctx.getInputData();
	const bulk = bulkSettings(ctx, entry);
	const continueOnFail = ctx.continueOnFail();
	const prepared: Prepared[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			prepared.push(await prepareCall(ctx, entry, i));
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!continueOnFail) throw nodeError;
			prepared.push(nodeError);
		}
	}

	const send = async (i: number): Promise<INodeExecutionData[]> => {
		const current = prepared[i];
		if (isError(current)) return [errorItem(current, i)];
		try {
			const response = await greenApiRequest(ctx, current.call);
			return await shapeOutput(ctx, current, response.body);
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!continueOnFail) throw nodeError;
			return [errorItem(nodeError, i)];
		}
	};

	if (!bulk) {
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < prepared.length; i++) output.push(...(await send(i)));
		return [output];
	}
	const pacer = new RatePacer(bulk.requestsPerSecond);
	for (const current of prepared) if (!isError(current)) current.call.gate = pacer;
	const keyOf = (i: number) => {
		const current = prepared[i];
		return isError(current) ? undefined : orderKey(current);
	};
	const results = await runInParallel(prepared.length, keyOf, bulk.maxInFlight, send);
	return [results.flat()];
}
