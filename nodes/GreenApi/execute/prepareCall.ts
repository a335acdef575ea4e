import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { Field, MethodEntry } from '../catalogue/types';
import { FieldError } from '../fields';
import { timeoutMsFrom } from '../transport/limits';
import type { ApiCall, UploadSource } from '../transport/types';
import { itemParameter } from './itemParameter';
import { toNodeError } from './toNodeError';
import { uploadSource } from './uploadSource';

export interface PreparedCall {
	entry: MethodEntry;
	call: ApiCall;
	returnAll: boolean;
	limit?: number;
	download: boolean;
	outputField: string;
}

function setPath(target: IDataObject, dotted: string, value: unknown) {
	const keys = dotted.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		node[key] = (node[key] as IDataObject | undefined) ?? {};
		node = node[key] as IDataObject;
	}
	node[keys[keys.length - 1]] = value as IDataObject[keyof IDataObject];
}

/**
 * Reads one item's parameters for an entry, checks every field and builds the request. Any
 * problem stops here, before anything is sent, with the item and the field named.
 */
export async function prepareCall(ctx: IExecuteFunctions, entry: MethodEntry, itemIndex: number): Promise<PreparedCall> {
	if (entry.verb === 'WS') throw new NodeOperationError(ctx.getNode(), `${entry.method} is a websocket, not an HTTP request`);
	// From node version 1.1 some entries keep their optional fields in a collection of their own.
	const read = (name: string, fallback?: unknown) => itemParameter(ctx, name, itemIndex, fallback);
	const own = entry.optionalCollection ? (read(entry.optionalCollection.name, {}) as IDataObject) : {};
	const options = { ...(read('options', {}) as IDataObject), ...own };
	const call: ApiCall = {
		method: entry.method,
		verb: entry.verb,
		host: entry.host,
		encoding: entry.encoding ?? 'json',
		query: {},
		body: {},
		headers: {},
		extraPath: [],
		retry: entry.safeToRetry || options.retryOnServerError === true ? 'safe' : 'unsafe',
		timeoutMs: timeoutMsFrom(options),
		itemIndex,
	};

	const fail = (field: Field, error: FieldError) =>
		new NodeOperationError(ctx.getNode(), `Item ${itemIndex}, "${field.property.displayName}": ${error.message}`, {
			itemIndex,
			description: error.hint,
		});

	let file: UploadSource | undefined;
	for (const field of entry.fields) {
		const raw = field.onNode ? read(field.property.name) : options[field.property.name];
		try {
			const value = field.toApi(raw);
			if (value === undefined) continue;
			const placement = field.placement;
			if (placement.in === 'file') file = await uploadSource(ctx, itemIndex, String(value));
			else if (placement.in === 'path') call.extraPath!.push(String(value));
			else if (placement.in === 'query') call.query![placement.key] = value as IDataObject[string];
			else if (placement.in === 'header') call.headers![placement.key] = value as IDataObject[string];
			else setPath(call.body!, placement.key, value);
		} catch (error) {
			if (error instanceof FieldError) throw fail(field, error);
			throw toNodeError(ctx.getNode(), error, itemIndex);
		}
	}

	const problem = entry.check?.({ body: call.body!, query: call.query! });
	if (problem) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${problem}`, { itemIndex });

	if (file) call.file = file;

	const output = entry.output ?? { kind: 'object' };
	const returnAll = output.kind === 'list' && (read('returnAll', false) as boolean);
	const limit = output.kind === 'list' && !returnAll ? (read('limit', 50) as number) : undefined;
	if (output.kind === 'list' && output.limitParam && limit !== undefined) {
		const target = output.limitParam.in === 'query' ? call.query! : call.body!;
		target[output.limitParam.key] = limit;
	}
	const download = output.kind === 'file' && (read('download', output.downloadByDefault) as boolean);

	return {
		entry,
		call: entry.prepare ? entry.prepare(call) : call,
		returnAll,
		limit,
		download,
		outputField: download ? (read('binaryPropertyOutput', 'data') as string) : 'data',
	};
}
