import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { completeDeliveries } from './trigger/deliveryStep';
import { takeDeliveryTask } from './trigger/deliveryTask';
import { drainQueue } from './trigger/drainQueue';
import { peekQueue } from './trigger/peekQueue';
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
					'GREEN-API fills the notification queue only while the instance has no webhook URL, and only with the notifications its settings switch on (Instance → Set Settings). Each poll starts one execution per waiting notification, in queue order; a notification leaves the queue only once its execution has started. A manual test run shows the oldest waiting notification without removing it.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...triggerProperties,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = readTriggerOptions(this);
		if (this.getMode() === 'manual') {
			const items = await peekQueue(this, options);
			return items.length ? [items] : null;
		}
		// Each notification becomes its own execution, started by the drain itself.
		await drainQueue(this, options);
		return null;
	}

	/**
	 * The trigger's step in each execution it started: removes the notification from the queue
	 * (n8n holds it now) and downloads its media. A manual run starts here without notifications.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const fromPoll = this.getInputData().some((item) => takeDeliveryTask(item).task);
		if (this.getMode() === 'manual' && !fromPoll) return [await peekQueue(this, readTriggerOptions(this))];
		return await completeDeliveries(this);
	}
}
