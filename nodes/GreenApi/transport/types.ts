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
export type GreenApiContext = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions | IPollFunctions | IWebhookFunctions;

/** A file to upload, opened afresh for every attempt (a stream can be read only once). */
export interface UploadSource {
	fileName: string;
	mimeType: string;
	size: number;
	open: () => Promise<Buffer | AsyncIterable<Uint8Array>>;
}

/** Paces requests that share one rate limit (Parallel Requests); see execute/ratePacer.ts. */
export interface RateGate {
	/** Resolves when the next request may start. */
	slot(): Promise<void>;
	/** GREEN-API answered 429: slow down, and wait Retry-After (ms) when it said so. */
	limited(retryAfterMs?: number): void;
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
	/**
	 * How long to wait for the answer (the Timeout option). Long polls and uploads get more on
	 * top. Without it the node's Options are read (triggers).
	 */
	timeoutMs?: number;
	/**
	 * A long poll: GREEN-API may hold the answer this many seconds before it starts. Added to the
	 * wait, up to 60 s.
	 */
	longPollSeconds?: number;
	itemIndex?: number;
	/** Every attempt, retries included, waits for this gate; it hears about every 429. */
	gate?: RateGate;
}

export interface ApiResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}
