import { NodeApiError, NodeOperationError, type IDataObject, type JsonObject } from 'n8n-workflow';

import { INSTANCE_CREDENTIAL } from './greenApiRequest';
import type { GreenApiContext } from './types';

export interface DownloadedFile {
	data: Buffer | AsyncIterable<Uint8Array>;
	mimeType?: string;
	fileName?: string;
}

function nameFromDisposition(header: unknown): string | undefined {
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(String(header ?? ''));
	if (!match) return undefined;
	try {
		return decodeURIComponent(match[1]);
	} catch {
		return match[1];
	}
}

function nameFromUrl(url: URL): string | undefined {
	const last = url.pathname.split('/').filter(Boolean).pop();
	if (!last || !last.includes('.')) return undefined;
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

/**
 * Fetches a file GREEN-API pointed at (downloadUrl, urlAvatar, ...) as a stream. Only http(s):
 * a notification or an answer must not make n8n read local files or other schemes.
 */
export async function downloadFile(ctx: GreenApiContext, link: string, itemIndex?: number): Promise<DownloadedFile> {
	let url: URL;
	try {
		url = new URL(link);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `GREEN-API returned an invalid file link`, { itemIndex });
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new NodeOperationError(ctx.getNode(), `Refusing to download a ${url.protocol} link; only http(s) is allowed`, {
			itemIndex,
		});
	}
	// Through the credential so n8n's proxy and SSRF settings apply; authenticate() adds no token
	// to file hosts.
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, INSTANCE_CREDENTIAL, {
		method: 'GET',
		url: url.toString(),
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as { statusCode: number; headers: IDataObject; body: AsyncIterable<Uint8Array> & { resume?: () => void } };

	if (response.statusCode >= 400) {
		response.body.resume?.();
		throw new NodeApiError(ctx.getNode(), { httpCode: String(response.statusCode) } as JsonObject, {
			message: `Could not download the file from ${url.origin} (HTTP ${response.statusCode})`,
			description: 'GREEN-API keeps files for a limited time (incoming media about 24 hours, uploads about 15 days).',
			httpCode: String(response.statusCode),
			itemIndex,
		});
	}
	const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
	return {
		data: response.body,
		mimeType: contentType || undefined,
		fileName: nameFromDisposition(response.headers['content-disposition']) ?? nameFromUrl(url),
	};
}
