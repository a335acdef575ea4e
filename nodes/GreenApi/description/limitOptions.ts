import type { INodeProperties } from 'n8n-workflow';

import { ALLOWED_HOSTS_OPTION } from '../transport/downloadTarget';
import { DEFAULT_TIMEOUT_S, MAX_DOWNLOAD_MB, MAX_TIMEOUT_S } from '../transport/limits';

/** In the Options of every operation and of both triggers. */
export const TIMEOUT_OPTION: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_S },
	default: DEFAULT_TIMEOUT_S,
	description:
		'How long to wait for an answer from GREEN-API or a file host. Long polls add their own wait time; file uploads and downloads get extra time for their size.',
};

/** In the Options of operations that download a file, and of both triggers. */
export const ALLOWED_HOSTS_PROPERTY: INodeProperties = {
	displayName: ALLOWED_HOSTS_OPTION,
	name: 'allowedInternalHosts',
	type: 'string',
	default: '',
	placeholder: '127.0.0.1:7788, media.lan',
	description:
		'Downloads from loopback, private, link-local and carrier-grade NAT addresses are refused, because a link in a WhatsApp message could otherwise make n8n fetch services inside your network. List your own file hosts here (host or address, optionally with a port) to allow them, e.g. the local sandbox. Anyone who can message you can then make n8n request those hosts. Cloud metadata addresses stay refused.',
};

export const MAX_DOWNLOAD_OPTION: INodeProperties = {
	displayName: 'Max Download Size (MB)',
	name: 'maxDownloadMb',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_DOWNLOAD_MB },
	default: MAX_DOWNLOAD_MB,
	description: 'Larger files are refused, by their declared size and by the bytes that actually arrive',
};

export const DOWNLOAD_OPTIONS = [ALLOWED_HOSTS_PROPERTY, MAX_DOWNLOAD_OPTION];
