import type { MethodEntry } from './types';
import { chat, text } from '../fields';
import { runSendAndWait } from '../sendAndWait/runSendAndWait';
import { sendAndWaitProperties } from '../sendAndWait/sendAndWaitProperties';
import { MAX_MESSAGE } from '../sendAndWait/responseMessage';

/** Message → Send and Wait for Response: not one GREEN-API method but a send plus n8n's wait. */
export const sendAndWaitEntry: MethodEntry = {
	resource: 'message',
	// n8n recognises Send and Wait nodes (signed resume links, their pages) by this operation name.
	operation: 'sendAndWait',
	// Not one GREEN-API method: `uses` lists the ones it calls.
	method: 'sendAndWait',
	// Runs once per execution, so Parallel Requests never paces it.
	rateLimitRps: null,
	name: 'Send and Wait for Response',
	action: 'Send a message and wait for response',
	description:
		'Send a message with Approve/Decline buttons or a link to a form, and pause the workflow until the person answers or the wait limit is reached. Runs once, for the first input item. Outputs data.approved (approval), data.text (free text) or the form fields, with data.respondedAt; on timeout data.responded is false.',
	verb: 'POST',
	host: 'api',
	uses: ['sendInteractiveButtons', 'sendMessage'],
	fields: [
		chat({
			description:
				'Who answers: a phone number with country code or a chat ID (…@c.us, …@lid; a group …@g.us gets links instead of buttons)',
		}),
		text({
			name: 'message',
			displayName: 'Message',
			description: 'What to ask; WhatsApp formatting such as *bold* is kept. The response buttons or links are added below it.',
			required: true,
			max: MAX_MESSAGE,
			rows: 4,
		}),
	],
	properties: sendAndWaitProperties,
	run: (ctx) => runSendAndWait(ctx, sendAndWaitEntry),
};
