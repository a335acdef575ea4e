import { NodeApiError, WAIT_INDEFINITELY, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { MethodEntry } from '../catalogue/types';
import { prepareCall } from '../execute/prepareCall';
import { errorItem } from '../execute/router';
import { toNodeError } from '../execute/toNodeError';
import { isGroupChat } from '../fields';
import { greenApiRequest } from '../transport/greenApiRequest';
import { buttonsCall, checkMessage, linksCall, responseChoices, type ResponseChoice } from './responseMessage';
import { waitTill } from './waitLimit';

/** GREEN-API refused the buttons without sending anything: 400 bad request, 403 not enabled, 404 unknown. */
const BUTTONS_REFUSED = new Set(['400', '403', '404']);

/**
 * Sends the message with buttons where the chat can show them: sendInteractiveButtons is for
 * personal chats (beta at GREEN-API), so groups, and chats GREEN-API refuses buttons for, get the
 * links in the text instead.
 */
async function sendMessage(ctx: IExecuteFunctions, chatId: string, message: string, choices: ResponseChoice[], buttons: boolean) {
	if (buttons) {
		try {
			return await greenApiRequest(ctx, buttonsCall(chatId, message, choices));
		} catch (error) {
			if (!(error instanceof NodeApiError) || !BUTTONS_REFUSED.has(String(error.httpCode))) {
				throw toNodeError(ctx.getNode(), error, 0);
			}
			ctx.logger.warn(`GREEN-API refused sendInteractiveButtons (${error.message}); sending the response links as text`, {
				node: ctx.getNode().name,
			});
		}
	}
	return await greenApiRequest(ctx, linksCall(chatId, message, choices));
}

/**
 * Message → Send and Wait for Response, for the first input item as in n8n's own nodes (one
 * execution waits once): sends the message with n8n's resume links, then puts the execution to
 * wait. The answer comes in through the node's webhook (sendAndWaitWebhook); the wait limit
 * resumes the execution without one.
 */
export async function runSendAndWait(ctx: IExecuteFunctions, entry: MethodEntry): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const { call } = await prepareCall(ctx, entry, 0);
	const chatId = String(call.body?.chatId);
	const message = String(call.body?.message);
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const buttons = (options.messageFormat ?? 'buttons') === 'buttons' && !isGroupChat(chatId);
	const choices = responseChoices(ctx);
	checkMessage(ctx, message, choices, buttons);
	const until = waitTill(ctx);

	try {
		await sendMessage(ctx, chatId, message, choices, buttons);
	} catch (error) {
		const nodeError = toNodeError(ctx.getNode(), error, 0);
		if (!ctx.continueOnFail()) throw nodeError;
		return [[errorItem(nodeError, 0)]];
	}

	await ctx.putExecutionToWait(until);
	const limited = until.getTime() !== WAIT_INDEFINITELY.getTime();
	if (limited && (options.onTimeout ?? 'noResponse') === 'noResponse') {
		// When the limit resumes the execution, n8n passes this node's input on (it does not run the
		// node again). Replacing that input with the no-response item makes it the output instead.
		const responseType = ctx.getNodeParameter('responseType', 0, 'approval') as string;
		const data: IDataObject = { responded: false, timedOut: true, waitedUntil: until.toISOString() };
		if (responseType === 'approval') data.approved = false;
		const waitingEntry = ctx.getExecuteData?.();
		if (waitingEntry) waitingEntry.data = { main: [[{ json: { data }, pairedItem: { item: 0 } }]] };
	}
	return [items];
}
