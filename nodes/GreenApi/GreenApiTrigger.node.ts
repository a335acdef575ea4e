import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { completeDeliveries } from './trigger/deliveryStep';
import { triggerProperties, triggerSubtitle } from './trigger/triggerOptions';
import { receiveWebhook } from './trigger/webhookDelivery';
import { registerWebhook, releaseWebhook, webhookExists } from './trigger/webhookOwnership';

export class GreenApiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GREEN-API Trigger',
		name: 'greenApiTrigger',
		icon: { light: 'file:../../icons/greenApi.svg', dark: 'file:../../icons/greenApi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: triggerSubtitle,
		description: 'Starts the workflow when GREEN-API reports a WhatsApp message, status, call or instance event',
		defaults: { name: 'GREEN-API Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'greenApiInstanceApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					'A GREEN-API instance sends its notifications to one URL. Activating this workflow points the instance here and turns on exactly the notifications the chosen events need; deactivating restores the previous settings. GREEN-API restarts the instance to apply settings, which can take up to 5 minutes.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...triggerProperties,
			{
				displayName: 'Take Over Existing Webhook',
				name: 'takeOver',
				type: 'boolean',
				default: false,
				description:
					'Whether to take the webhook over when the instance already sends notifications to another URL. The other URL stops receiving them until this workflow is deactivated, when its settings are restored.',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registerWebhook(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await releaseWebhook(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook(this);
	}

	/** The trigger's step in the execution it started: downloads media once n8n holds the notification. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await completeDeliveries(this);
	}
}
