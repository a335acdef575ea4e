/**
 * The GREEN-API contract as data: contract/green-api/methods.json and webhooks.json, typed and
 * indexed. Everything the sandbox answers is checked against these two files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ContractVerb = 'GET' | 'POST' | 'DELETE' | 'WS';
export type ContractHost = 'api' | 'media' | 'partner';

export interface ContractField {
	name: string;
	type: string;
	required: boolean;
	description: string;
	constraints: string | null;
}

export interface ContractError {
	http: number;
	body?: unknown;
	meaning: string;
}

export interface ContractMethod {
	name: string;
	group: string;
	archived: boolean;
	verb: ContractVerb;
	host: ContractHost;
	path: string;
	query: ContractField[];
	contentType: string | null;
	body: ContractField[];
	fileField: string | null;
	requestExample: unknown;
	response: { fields: { name: string; type: string; description: string }[]; example: unknown };
	rateLimitRps: number | null;
	errors: ContractError[];
	status: string;
	notes: string;
}

export interface ContractWebhookType {
	name: string;
	setting: string;
	description: string;
	bodyFields: string[];
	example: Record<string, unknown>;
}

export interface ContractMessageType {
	name: string;
	dataKey: string;
	description: string;
	dataShape: unknown;
	example: Record<string, unknown>;
}

export interface WebhooksContract {
	envelope: Record<string, unknown>;
	endpoint: Record<string, unknown>;
	typeWebhook: ContractWebhookType[];
	typeMessage: ContractMessageType[];
	statusValues: { value: string; meaning: string }[];
	callStatusValues: { value: string; meaning: string }[];
	instanceStates: string[];
	errorMarkers: { marker: string; meaning: string }[];
}

export const CONTRACT_DIR = join(__dirname, '..', 'contract', 'green-api');

function readJson<T>(file: string): T {
	return JSON.parse(readFileSync(join(CONTRACT_DIR, file), 'utf8')) as T;
}

export const METHODS: readonly ContractMethod[] = readJson<ContractMethod[]>('methods.json');
export const WEBHOOKS: WebhooksContract = readJson<WebhooksContract>('webhooks.json');

const byLowerName = new Map(METHODS.map((m) => [m.name.toLowerCase(), m]));

/** Method names are matched case-insensitively, as the real server does (`SendMessage` works). */
export function findMethod(name: string): ContractMethod | undefined {
	return byLowerName.get(name.toLowerCase());
}

/** Every method served over HTTP (the websocket `scanqrcode` is not). */
export const HTTP_METHODS: readonly ContractMethod[] = METHODS.filter((m) => m.verb !== 'WS');

export function findWebhookType(name: string): ContractWebhookType | undefined {
	return WEBHOOKS.typeWebhook.find((t) => t.name === name);
}

export function findMessageType(name: string): ContractMessageType | undefined {
	const lower = name.toLowerCase();
	return WEBHOOKS.typeMessage.find((t) => t.name.toLowerCase() === lower);
}
