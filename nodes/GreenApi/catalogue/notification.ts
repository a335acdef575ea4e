import type { MethodEntry } from './types';
import { number, numericId } from '../fields';

/** GREEN-API's wait for an empty queue when receiveTimeout is not sent, in seconds. */
const DEFAULT_WAIT_S = 5;

export const notificationEntries: MethodEntry[] = [
	{
		resource: 'notification',
		operation: 'receiveNotification',
		method: 'receiveNotification',
		rateLimitRps: 100,
		name: 'Receive',
		action: 'Receive the next notification',
		description:
			'Take the oldest notification from the incoming queue without removing it (works only while the webhook URL is empty). Returns receiptId and body, the notification itself; when the queue stays empty, one item with receiptId and body null. Call Delete with the receiptId once it is handled, or the same one comes back.',
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		// GREEN-API answers an empty queue with null or with no body at all.
		emptyAnswer: { receiptId: null, body: null },
		// A long poll: the answer may take the wait time on top of the Timeout option.
		prepare: (call) => ({ ...call, longPollSeconds: Number(call.query?.receiveTimeout ?? DEFAULT_WAIT_S) }),
		fields: [
			number({
				name: 'receiveTimeout',
				in: 'query',
				displayName: 'Wait Time (Seconds)',
				description: 'How long to wait for a notification when the queue is empty, in seconds (5–60)',
				min: 5,
				max: 60,
				default: 5,
			}),
		],
	},
	{
		resource: 'notification',
		operation: 'deleteNotification',
		method: 'deleteNotification',
		rateLimitRps: 100,
		name: 'Delete',
		action: 'Delete a handled notification',
		description:
			'Remove a handled notification from the incoming queue so the next one can be received. Returns result: false if it was already deleted or the receipt ID is unknown.',
		verb: 'DELETE',
		host: 'api',
		safeToRetry: true,
		fields: [
			numericId({
				name: 'receiptId',
				in: 'path',
				displayName: 'Receipt ID',
				description: 'The receiptId returned by Receive',
				placeholder: '1234',
				savedDefault: 1,
			}),
		],
	},
];
