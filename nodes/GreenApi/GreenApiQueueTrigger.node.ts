import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { drainQueue, peekQueue } from './trigger/drainQueue';
import { readTriggerOptions, triggerProperties, triggerSubtitle } from './trigger/triggerOptions';

export class GreenApiQueueTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GREEN-API Queue Trigger',
		name: 'greenApiQueueTrigger',
		icon: { light: 'file:../../icons/greenApi.svg', dark: 'file:../../icons/greenApi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: triggerSubtitle,
		description:
			'Starts the workflow for WhatsApp messages and events by polling the GREEN-API notification queue, for n8n instances GREEN-API cannot reach',
		defaults: { name: 'GREEN-API Queue Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'greenApiInstanceApi', required: true }],
		properties: [
			{
				displayName:
					'GREEN-API fills the notification queue only while the instance has no webhook URL, and only with the notifications its settings switch on (Instance → Set Settings). Each poll takes notifications off the queue until it is empty. A manual test run shows the oldest waiting notification without removing it.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...triggerProperties,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = readTriggerOptions(this);
		const items = this.getMode() === 'manual' ? await peekQueue(this, options) : await drainQueue(this, options);
		return items.length ? [items] : null;
	}
}
