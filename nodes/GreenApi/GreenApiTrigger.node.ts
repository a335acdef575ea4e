import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { wanted } from './trigger/matchNotification';
import { isNotification } from './trigger/notification';
import { notificationItem } from './trigger/notificationItem';
import { isRedelivery } from './trigger/redelivery';
import { readTriggerOptions, triggerProperties, triggerSubtitle } from './trigger/triggerOptions';
import { hasOurToken } from './trigger/webhookAuth';
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
		const stored = this.getWorkflowStaticData('node');
		const response = this.getResponseObject();
		if (!hasOurToken(this.getHeaderData().authorization, stored.webhookToken)) {
			response.status(401).json({ message: 'Unauthorized' });
			return { noWebhookResponse: true };
		}
		const body = this.getBodyData();
		if (!isNotification(body)) {
			response.status(400).json({ message: 'Expected a GREEN-API notification with a typeWebhook' });
			return { noWebhookResponse: true };
		}
		const options = readTriggerOptions(this);
		if (!wanted(body, options) || isRedelivery(stored, body)) return {};
		const item = await notificationItem(this, body, options);
		// Answering here (not through n8n's onReceived answer) makes n8n save the static data,
		// and with it the redelivery memory, before the run starts; otherwise the run's own
		// copy of the workflow discards the change.
		response.status(200).json({ message: 'Workflow was started' });
		return { noWebhookResponse: true, workflowData: [[item]] };
	}
}
