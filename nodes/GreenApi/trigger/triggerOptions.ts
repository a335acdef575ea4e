import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeProperties,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { ALLOWED_HOSTS_PROPERTY, MAX_DOWNLOAD_OPTION, TIMEOUT_OPTION } from '../description/limitOptions';
import { MESSAGE_KINDS, WEBHOOK_TYPES, type EventStability } from '../events/eventCatalogue';
import { CHAT_HINT, FieldError, normalizeChatId } from '../fields';
import { splitList } from '../fields/listField';
import { downloadLimitsFrom, type DownloadLimits } from '../transport/limits';

const LABELS: Record<EventStability, string> = {
	stable: '',
	beta: ' (Beta)',
	deprecated: ' (Deprecated)',
	notWorking: ' (Not Working Yet)',
	legacy: ' (Legacy)',
};

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

// `action` is what the nodes panel lists under the trigger ("On incoming message"); without it
// n8n lower-cases the name and drops its brackets ("On outgoing call beta").
const eventOptions = WEBHOOK_TYPES.map((type) => ({
	name: `${type.name}${LABELS[type.stability]}`,
	value: type.value,
	action: `${type.action}${LABELS[type.stability].toLowerCase()}`,
	description: type.description,
})).sort(byName);

/** Canvas subtitle: the chosen events by name, not by GREEN-API's typeWebhook. */
export const triggerSubtitle = `={{ $parameter["events"].map((event) => (${JSON.stringify(
	Object.fromEntries(WEBHOOK_TYPES.map((type) => [type.value, type.name])),
)})[event] || event).join(", ") }}`;

const messageTypeOptions = MESSAGE_KINDS.map((kind) => ({
	name: `${kind.name}${LABELS[kind.stability]}`,
	value: kind.value,
})).sort(byName);

/** The event, chat and output options both triggers share. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		options: eventOptions,
		description: 'The notifications that start the workflow',
	},
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'multiOptions',
		default: [],
		options: messageTypeOptions,
		description: 'Only messages of these types start the workflow; leave empty for every type. Applies to the message events.',
	},
	{
		displayName: 'Chats',
		name: 'chats',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All Chats', value: 'all' },
			{ name: 'Group Chats Only', value: 'group' },
			{ name: 'Listed Chats Only', value: 'list' },
			{ name: 'Personal Chats Only', value: 'personal', description: 'Chats with one person, including linked (@lid) IDs' },
		],
		description: 'Which chats may start the workflow; notifications about no chat (instance state, quota) always pass',
	},
	{
		displayName: 'Chat List',
		name: 'chatList',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 3 },
		placeholder: '79001234567\n120363000000000001@g.us',
		description: 'Phone numbers or chat IDs, one per line or comma-separated, in any format the action node accepts',
		displayOptions: { show: { chats: ['list'] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			ALLOWED_HOSTS_PROPERTY,
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description: 'Whether to attach the file of image, video, audio, document and sticker messages as binary data',
			},
			{
				displayName: 'Ignore Messages From This Instance',
				name: 'ignoreOwnMessages',
				type: 'boolean',
				default: false,
				description: 'Whether to skip messages the instance sent itself, e.g. so a bot does not answer its own replies',
			},
			MAX_DOWNLOAD_OPTION,
			{
				displayName: 'Put Media in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Name of the output binary field for downloaded media',
			},
			TIMEOUT_OPTION,
		],
	},
];

export interface TriggerOptions {
	events: string[];
	messageTypes: string[];
	chats: 'all' | 'personal' | 'group' | 'list';
	chatList: Set<string>;
	simplify: boolean;
	downloadMedia: boolean;
	ignoreOwnMessages: boolean;
	binaryPropertyName: string;
	/** Timeout, size limit and allowed internal hosts for Download Media. */
	download: DownloadLimits;
}

type ParameterSource = Pick<IWebhookFunctions | IPollFunctions | IHookFunctions, 'getNodeParameter' | 'getNode'>;

/** In an execution, parameters are read for an item; a trigger's are the same for every item. */
const firstItem = (ctx: IExecuteFunctions): ParameterSource => ({
	getNode: () => ctx.getNode(),
	getNodeParameter: ((name: string, fallback?: unknown) => ctx.getNodeParameter(name, 0, fallback)) as ParameterSource['getNodeParameter'],
});

/** Reads and checks the shared options; a bad chat in the list names the entry. */
export function readTriggerOptions(source: ParameterSource | IExecuteFunctions): TriggerOptions {
	const ctx = 'getInputData' in source ? firstItem(source) : source;
	const chats = ctx.getNodeParameter('chats', 'all') as TriggerOptions['chats'];
	const chatList = new Set<string>();
	if (chats === 'list') {
		for (const [position, entry] of splitList(ctx.getNodeParameter('chatList', '')).entries()) {
			try {
				chatList.add(normalizeChatId(entry));
			} catch (error) {
				const message = error instanceof FieldError ? error.message : String(error);
				throw new NodeOperationError(ctx.getNode(), `"Chat List", entry ${position + 1}: ${message}`, {
					description: CHAT_HINT,
				});
			}
		}
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		events: ctx.getNodeParameter('events', []) as string[],
		messageTypes: ctx.getNodeParameter('messageTypes', []) as string[],
		chats,
		chatList,
		simplify: ctx.getNodeParameter('simplify', true) as boolean,
		downloadMedia: options.downloadMedia === true,
		ignoreOwnMessages: options.ignoreOwnMessages === true,
		binaryPropertyName: String(options.binaryPropertyName ?? 'data') || 'data',
		download: downloadLimitsFrom(options),
	};
}
