import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CATALOGUE, RESOURCES } from './catalogue';
import { buildProperties, operationSubtitle } from './description/properties';
import { DEFAULT_NODE_VERSION, NODE_VERSIONS } from './description/versions';
import { runEntry } from './execute/router';
import { chatListSearch } from './methods/chatSearch';
import { SEND_AND_WAIT_WEBHOOKS, sendAndWaitWebhook } from './sendAndWait/sendAndWaitWebhook';

export class GreenApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GREEN-API',
		name: 'greenApi',
		icon: { light: 'file:../../icons/greenApi.svg', dark: 'file:../../icons/greenApi.dark.svg' },
		group: ['output'],
		version: NODE_VERSIONS,
		defaultVersion: DEFAULT_NODE_VERSION,
		subtitle: operationSubtitle(CATALOGUE),
		description: 'Send WhatsApp messages, polls and files, and manage chats, groups, statuses and instances through GREEN-API',
		defaults: { name: 'GREEN-API' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Send and Wait for Response: n8n's waiting webhooks bring the answer back.
		webhooks: SEND_AND_WAIT_WEBHOOKS,
		waitingNodeTooltip:
			'={{ $parameter["operation"] === "sendAndWait" ? "The execution goes on when the person answers in WhatsApp, or when the wait limit is reached" : "" }}',
		credentials: [
			{
				name: 'greenApiInstanceApi',
				required: true,
				displayOptions: { hide: { resource: ['partner'] } },
			},
			{
				name: 'greenApiPartnerApi',
				required: true,
				displayOptions: { show: { resource: ['partner'] } },
			},
		],
		properties: buildProperties(CATALOGUE, RESOURCES),
	};

	methods = { listSearch: chatListSearch };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const entry = CATALOGUE.find((item) => item.resource === resource && item.operation === operation);
		if (!entry) {
			throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}" for resource "${resource}"`);
		}
		return await runEntry(this, entry);
	}
}
