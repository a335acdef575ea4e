import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadFile } from '../transport/fileDownload';
import type { PreparedCall } from './prepareCall';

const asJson = (value: unknown): IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { value: value as IDataObject[string] };

async function toBinary(
	ctx: IExecuteFunctions,
	prepared: PreparedCall,
	json: IDataObject,
): Promise<{ json: IDataObject; binary?: IBinaryData }> {
	const output = prepared.entry.output;
	if (output?.kind !== 'file' || !prepared.download) return { json };
	if (output.onlyIf && json[output.onlyIf.key] !== output.onlyIf.value) return { json };
	const value = json[output.key];
	if (typeof value !== 'string' || value === '') return { json };

	if (output.source === 'base64') {
		const data = Buffer.from(value.replace(/^data:[^,]*,/, ''), 'base64');
		const rest = { ...json };
		delete rest[output.key];
		const binary = await ctx.helpers.prepareBinaryData(data, output.fileName, output.mimeType);
		return { json: rest, binary };
	}
	const file = await downloadFile(ctx, value, prepared.call.itemIndex);
	const fileName = (typeof json.fileName === 'string' && json.fileName) || file.fileName || output.fileName;
	const mimeType = (typeof json.mimeType === 'string' && json.mimeType) || file.mimeType || output.mimeType;
	// prepareBinaryData accepts a stream; the type only names Node's Readable.
	const binary = await ctx.helpers.prepareBinaryData(
		file.data as Parameters<typeof ctx.helpers.prepareBinaryData>[0],
		fileName,
		mimeType,
	);
	return { json, binary };
}

/** Turns one answer into n8n items: lists fan out, empty answers confirm, files become binary. */
export async function shapeOutput(
	ctx: IExecuteFunctions,
	prepared: PreparedCall,
	body: unknown,
): Promise<INodeExecutionData[]> {
	const itemIndex = prepared.call.itemIndex ?? 0;
	const paired = { item: itemIndex };
	if (body === null) return [];
	if (body === undefined || body === '') return [{ json: { success: true }, pairedItem: paired }];

	const output = prepared.entry.output ?? { kind: 'object' };
	if (output.kind === 'list') {
		const source = output.rootKey ? (body as IDataObject)[output.rootKey] : body;
		if (Array.isArray(source)) {
			const entries = prepared.returnAll ? source : source.slice(0, prepared.limit);
			return entries.map((entry) => ({ json: asJson(entry), pairedItem: paired }));
		}
	}

	const { json, binary } = await toBinary(ctx, prepared, asJson(body));
	return [{ json, ...(binary ? { binary: { [prepared.outputField]: binary } } : {}), pairedItem: paired }];
}
