import {
	NodeApiError,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { downloadFile } from '../transport/fileDownload';
import { downloadLimitsFrom } from '../transport/limits';
import type { Refusal } from '../catalogue/types';
import { itemParameter } from './itemParameter';
import type { PreparedCall } from './prepareCall';

const isRefusal = (read: IDataObject | Refusal): read is Refusal => read.refused === true;

const asJson = (value: unknown): IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { value: value as IDataObject[string] };

async function toBinary(
	ctx: IExecuteFunctions,
	prepared: PreparedCall,
	json: IDataObject,
): Promise<{ json: IDataObject; binary?: IBinaryData }> {
	const output = prepared.entry.output;
	if (output?.kind !== 'file' || !prepared.download) return { json };
	if (output.carriesFile && !output.carriesFile(json)) return { json };
	const value = json[output.key];
	if (typeof value !== 'string' || value === '') return { json };

	if (output.source === 'base64') {
		const data = Buffer.from(value.replace(/^data:[^,]*,/, ''), 'base64');
		const rest = { ...json };
		delete rest[output.key];
		const binary = await ctx.helpers.prepareBinaryData(data, output.fileName, output.mimeType);
		return { json: rest, binary };
	}
	const itemIndex = prepared.call.itemIndex ?? 0;
	const options = itemParameter(ctx, 'options', itemIndex, {}) as IDataObject;
	const file = await downloadFile(ctx, value, downloadLimitsFrom(options), itemIndex);
	const fileName = (typeof json.fileName === 'string' && json.fileName) || file.fileName || output.fileName;
	const mimeType = (typeof json.mimeType === 'string' && json.mimeType) || file.mimeType || output.mimeType;
	const binary = await ctx.helpers.prepareBinaryData(file.data, fileName, mimeType);
	return { json, binary };
}

/** Turns one answer into n8n items: lists fan out, empty answers confirm, files become binary. */
export async function shapeOutput(ctx: IExecuteFunctions, prepared: PreparedCall, body: unknown): Promise<INodeExecutionData[]> {
	const { entry } = prepared;
	const itemIndex = prepared.call.itemIndex ?? 0;
	const paired = { item: itemIndex };
	if (body === null || body === undefined || body === '') {
		if (entry.emptyAnswer) return [{ json: { ...entry.emptyAnswer }, pairedItem: paired }];
		return body === null ? [] : [{ json: { success: true }, pairedItem: paired }];
	}

	const output = entry.output ?? { kind: 'object' };
	if (output.kind === 'list') {
		if (Array.isArray(body)) {
			const entries = prepared.returnAll ? body : body.slice(0, prepared.limit);
			return entries.map((item) => ({ json: asJson(item), pairedItem: paired }));
		}
	}

	let answer = asJson(body);
	if (entry.readAnswer) {
		const read = entry.readAnswer(answer);
		if (isRefusal(read)) {
			const { message, description, greenApiMessage } = read;
			const error = new NodeApiError(ctx.getNode(), { message, greenApiMessage: greenApiMessage ?? null } as JsonObject, {
				message,
				description,
				httpCode: '200',
				itemIndex,
			});
			if (greenApiMessage) error.context.greenApiMessage = greenApiMessage;
			throw error;
		}
		answer = read;
	}
	const { json, binary } = await toBinary(ctx, prepared, answer);
	return [{ json, ...(binary ? { binary: { [prepared.outputField]: binary } } : {}), pairedItem: paired }];
}
