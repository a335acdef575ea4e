import { sleep, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';

import { memoryOf, notificationKey, trackInFlight } from './deliveryMemory';
import { wanted } from './matchNotification';
import { isKnownEvent, isNotification } from './notification';
import { notificationItem } from './notificationItem';
import { readTriggerOptions } from './triggerOptions';
import { hashStoredToken, hasOurToken } from './webhookAuth';

/** How long a copy waits for the answer to the copy already in flight before asking for a resend. */
const COPY_WAIT_MS = 20_000;

/** How long, after GREEN-API hung up, to wait for n8n's own answer before counting the delivery as failed. */
const ANSWER_AFTER_CLOSE_MS = 60_000;

interface Answerable {
	statusCode: number;
	writableEnded?: boolean;
	once?: (event: string, listener: () => void) => unknown;
}

/**
 * GREEN-API (or a proxy) may hang up before n8n answered. n8n still creates the execution and
 * then writes its answer into the closed connection, so what n8n answered decides, not whether
 * the answer arrived: a copy GREEN-API sends next must not start the workflow a second time.
 */
async function answerAfterClose(response: Answerable): Promise<boolean> {
	const deadline = Date.now() + ANSWER_AFTER_CLOSE_MS;
	while (!response.writableEnded && Date.now() < deadline) await sleep(50);
	return response.writableEnded === true && response.statusCode === 200;
}

/**
 * Resolves with whether GREEN-API got a 200, which n8n sends only after it created the
 * execution (the onReceived answer follows WorkflowRunner.run). An error answer means GREEN-API
 * sends the notification again, and that copy must start it.
 */
function answered(response: Answerable): Promise<boolean> {
	if (typeof response.once !== 'function') return Promise.resolve(true);
	return new Promise((resolve) => {
		response.once?.('finish', () => resolve(response.statusCode === 200));
		response.once?.('close', () => void answerAfterClose(response).then(resolve));
	});
}

async function waitFor(outcome: Promise<boolean>): Promise<boolean | 'timeout'> {
	const abort = new AbortController();
	const timeout = sleep(COPY_WAIT_MS, abort.signal).then(
		() => 'timeout' as const,
		() => 'timeout' as const,
	);
	try {
		return await Promise.race([outcome, timeout]);
	} finally {
		abort.abort();
	}
}

/**
 * One POST from GREEN-API. The token check, the filters and the claim on the notification run
 * without awaiting anything, so no copy can slip in between; n8n answers 200 once it created the
 * execution, and media is downloaded in the execution, never before the answer.
 */
export async function receiveWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const stored = ctx.getWorkflowStaticData('node');
	hashStoredToken(stored);
	const response = ctx.getResponseObject();
	if (!hasOurToken(ctx.getHeaderData().authorization, stored.webhookTokenHash)) {
		response.status(401).json({ message: 'Unauthorized' });
		return { noWebhookResponse: true };
	}
	const body = ctx.getBodyData();
	if (!isNotification(body)) {
		response.status(400).json({ message: 'Expected a GREEN-API notification with a typeWebhook' });
		return { noWebhookResponse: true };
	}
	if (!isKnownEvent(body.typeWebhook)) {
		ctx.logger.warn(`GREEN-API Trigger ignores a notification of type "${body.typeWebhook}", which this version does not know`);
		return {};
	}
	const options = readTriggerOptions(ctx);
	if (!wanted(body, options)) return {};

	// Only this process's memory knows which notifications started an execution: n8n 2.41 drops
	// what webhook() writes to the static data once it starts an execution (creating it builds
	// another Workflow from the same object, WorkflowRunner.establishContextForPersistence,
	// which clears the mark LiveWebhooks checks before saving), and a queue-mode worker runs the
	// execution without the workflow's static data, so the execution cannot record it either.
	const memory = memoryOf(ctx.getWorkflow().id, ctx.getNode().id);
	const key = notificationKey(body);
	for (;;) {
		if (memory.started.has(key)) {
			ctx.logger.info(
				`GREEN-API Trigger answers a copy of notification ${key} without starting the workflow: an execution already holds it`,
			);
			return {};
		}
		const inFlight = memory.inFlight.get(key);
		if (!inFlight) break;
		// A copy of a notification whose first delivery has no answer yet: its outcome decides.
		if ((await waitFor(inFlight)) === 'timeout') {
			response.status(503).json({ message: 'The same notification is being delivered; send it again later' });
			return { noWebhookResponse: true };
		}
	}
	void trackInFlight(memory, key, answered(response as unknown as Answerable));
	return { workflowData: [[notificationItem(body, options, { key })]] };
}
