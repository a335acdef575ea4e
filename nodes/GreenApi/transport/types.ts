import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { Host, HttpVerb } from '../catalogue/types';

/** Every n8n context that may talk to GREEN-API. */
export type GreenApiContext =
	| IExecuteFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IWebhookFunctions;

/** A file to upload, opened afresh for every attempt (a stream can be read only once). */
export interface UploadSource {
	fileName: string;
	mimeType: string;
	size: number;
	open: () => Promise<Buffer | AsyncIterable<Uint8Array>>;
}

export interface ApiCall {
	method: string;
	verb: HttpVerb;
	host: Host;
	query?: IDataObject;
	body?: IDataObject;
	headers?: IDataObject;
	/** Path segments after the token, e.g. the receipt ID of deleteNotification. */
	extraPath?: string[];
	encoding?: 'json' | 'multipart' | 'raw';
	file?: UploadSource;
	/**
	 * 429 is always retried (GREEN-API did not act on the request). Server and network errors
	 * are retried only for `safe` calls: a retried send can deliver a message twice.
	 */
	retry: 'safe' | 'unsafe';
	itemIndex?: number;
}

export interface ApiResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}
