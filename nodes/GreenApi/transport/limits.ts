import type { IDataObject } from 'n8n-workflow';

/** How long to wait for an answer (GREEN-API or a file host) unless the Timeout option says otherwise. */
export const DEFAULT_TIMEOUT_S = 60;
export const MAX_TIMEOUT_S = 3600;
/** GREEN-API's own file limit; a download is never allowed to be larger. */
export const MAX_DOWNLOAD_MB = 100;
/**
 * File transfers get extra time for their size on top of the timeout, as if the line managed
 * only this many bytes per second, so a large upload or download on a slow line is not cut off.
 */
export const SLOWEST_TRANSFER_BYTES_PER_S = 128 * 1024;

export const MB = 1024 * 1024;

export interface DownloadLimits {
	/** Time for each answer; the body also gets time for its size, and must not stall that long. */
	timeoutMs: number;
	maxBytes: number;
	/** The "Allowed Internal File Hosts" option as the user typed it. */
	allowedHosts: string;
}

const inRange = (value: unknown, min: number, max: number, fallback: number) =>
	typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;

export const timeoutMsFrom = (options: IDataObject): number => inRange(options.timeout, 1, MAX_TIMEOUT_S, DEFAULT_TIMEOUT_S) * 1000;

/** The limits a node's Options (action node or trigger) set for downloads. */
export function downloadLimitsFrom(options: IDataObject): DownloadLimits {
	return {
		timeoutMs: timeoutMsFrom(options),
		maxBytes: inRange(options.maxDownloadMb, 1, MAX_DOWNLOAD_MB, MAX_DOWNLOAD_MB) * MB,
		allowedHosts: typeof options.allowedInternalHosts === 'string' ? options.allowedInternalHosts : '',
	};
}

/** Extra milliseconds a transfer of this many bytes gets. */
export const transferAllowanceMs = (bytes: number): number => Math.ceil(bytes / SLOWEST_TRANSFER_BYTES_PER_S) * 1000;

export const megabytes = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
