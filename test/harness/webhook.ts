import type { IncomingHttpHeaders } from 'node:http';

import { WebhookContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, IWebhookResponseData, WebhookType } from 'n8n-workflow';

import { readItemBinary } from './binaryData';
import { copyStaticData, prepareEngine, type NodeUnderTest } from './engine';
import { fakeRequest, RecordingResponse } from './httpFakes';
import { captureLogs } from './logging';
import { runTriggeredExecution, type TriggeredRun } from './triggeredRun';
import { createWebhookWorkflow, registeredUrl, type WebhookMode, type WebhookWorkflow } from './webhookSetup';

export interface DeliverWebhookOptions extends NodeUnderTest {
	headers?: IncomingHttpHeaders;
	/** The parsed body; without `rawBody` it is sent as JSON. */
	body?: unknown;
	/** The bytes as received; parsed into `body` when the content type is JSON and no body is given. */
	rawBody?: Buffer;
	query?: IDataObject;
	/** `trigger`: the production URL of an active workflow; `manual`: a test URL. Default `trigger`. */
	mode?: WebhookMode;
	/** The URL the request came to (registered in `create`); default the harness' localhost:5678 one. */
	webhookUrl?: string;
	webhookName?: WebhookType;
	/** n8n fails to start the execution (say, its database is gone): it answers 500 and saves nothing. */
	failStart?: boolean;
	/** GREEN-API's connection drops once webhook() returned; n8n goes on and starts the execution. */
	clientGone?: boolean;
	/** Runs once webhook() returned, before n8n saves static data and starts the execution (e.g. a copy arriving then). */
	beforeStart?: () => Promise<void>;
	/** Called when this request has read the static data from the database. */
	staticDataRead?: () => void;
	/** Gets n8n's answer the moment n8n sends it, e.g. to pass it on to a real HTTP response. */
	respond?: (answer: { status: number; headers: Record<string, string>; body: unknown }) => void;
}

export interface DeliverWebhookResult {
	/** The HTTP status n8n answers: the node's own when it wrote the response. */
	status: number;
	responseBody?: unknown;
	/** Headers the node set on the response. */
	responseHeaders: Record<string, string>;
	/** What `webhook()` returned for n8n to start the execution with. */
	workflowData?: INodeExecutionData[][];
	/** The trigger node's output in the execution n8n started (its execute() ran, if it has one). */
	items: INodeExecutionData[];
	/** Whether n8n started an execution. */
	started: boolean;
	execution?: TriggeredRun;
	/** What `webhook()` threw: n8n answers 500 and records a failed execution without output. */
	error?: Error;
	logs: string[];
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
}

// What n8n answers when webhook() throws or the execution cannot start (webhook-helpers, response-helper).
const WEBHOOK_ERROR = {
	code: 0,
	message: 'Workflow Webhook Error: Workflow could not be started!',
};

interface ResponseOptions {
	responseMode: string;
	responseCode: number;
	responseData?: string;
}

function responseOptions({ workflow, node, webhookData }: WebhookWorkflow): ResponseOptions {
	const description = webhookData.webhookDescription;
	const value = <T>(field: string, fallback?: T) =>
		workflow.expression.getSimpleParameterValue(
			node,
			description[field] as string | undefined,
			'internal',
			{},
			undefined,
			fallback as string | undefined,
		) as T;
	return {
		responseMode: value('responseMode', 'onReceived'),
		responseCode: Number(value('responseCode', 200)),
		responseData: value<string>('responseData'),
	};
}

/** n8n's default answer when the node did not write the response itself. */
function defaultAnswer(data: IWebhookResponseData, options: ResponseOptions): unknown {
	if (data.workflowData === undefined) {
		return data.webhookResponse !== undefined ? data.webhookResponse : { message: 'Webhook call received' };
	}
	// Other response modes answer from the finished execution, which is not modelled here.
	if (options.responseMode !== 'onReceived' || options.responseData === 'noData') return undefined;
	if (options.responseData) return options.responseData;
	return data.webhookResponse !== undefined ? data.webhookResponse : { message: 'Workflow was started' };
}

function answer(response: RecordingResponse, status: number, body: unknown): void {
	if (response.writableEnded) return;
	response.status(status);
	if (body === undefined) response.end();
	else if (typeof body === 'string') response.send(body);
	else response.json(body);
}

/** Replaces the contents of `target` with `source`, as n8n's UPDATE of the workflow row does. */
function saveStaticData(target: IDataObject, source: IDataObject): void {
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, copyStaticData(source));
}

/**
 * Hands one HTTP request to the node's `webhook()` in n8n-core's own WebhookContext, the way n8n
 * 2.41's webhook server does (LiveWebhooks, webhook-helpers), and does what n8n does next:
 *
 * - `staticData` is what n8n's database holds. Each request works on a copy read from it; n8n
 *   writes the copy back when it answers without starting an execution. When webhook() starts
 *   one, n8n 2.41 drops what webhook() wrote: creating the execution builds another Workflow
 *   from the same object (WorkflowRunner.establishContextForPersistence), which clears its
 *   changed mark before LiveWebhooks would save it; the execution itself saves what it changed
 *   (runTriggeredExecution).
 * - With `workflowData`, n8n starts the execution (runTriggeredExecution), then answers; the
 *   result's items are the trigger's output in that execution.
 *
 * Deliveries may overlap (as concurrent requests do in n8n) when they use the same binary mode.
 */
export async function deliverWebhook(options: DeliverWebhookOptions): Promise<DeliverWebhookResult> {
	const { webhook } = options.node;
	if (!webhook) throw new Error(`${options.node.description.displayName} has no webhook()`);
	await prepareEngine(options.binaryMode);

	const database = options.staticData ?? {};
	const requestData = copyStaticData(database);
	options.staticDataRead?.();
	const mode = options.mode ?? 'trigger';
	const setup = createWebhookWorkflow(
		{ ...options, staticData: requestData },
		{ mode, webhookUrl: options.webhookUrl, webhookName: options.webhookName },
	);
	const { workflow, additionalData, node, webhookData } = setup;
	const response = new RecordingResponse();
	response.onEnd = options.respond;
	additionalData.httpRequest = fakeRequest({
		method: webhookData.httpMethod,
		url: registeredUrl(setup),
		headers: options.headers,
		body: options.body,
		rawBody: options.rawBody,
		query: options.query,
	});
	additionalData.httpResponse = response;
	// n8n has no execution yet while webhook() runs: stored files go under executions/temp.
	delete additionalData.executionId;

	const context = new WebhookContext(workflow, node, additionalData, mode === 'manual' ? 'manual' : 'webhook', webhookData, [], null);
	const { result, logs } = await captureLogs<{
		data?: IWebhookResponseData;
		error?: Error;
		execution?: TriggeredRun;
	}>(async () => {
		let data: IWebhookResponseData;
		try {
			data = await webhook.call(context);
		} catch (error) {
			answer(response, 500, WEBHOOK_ERROR);
			return { error: error as Error };
		}
		if (options.clientGone) response.abort();
		await options.beforeStart?.();
		const save = () => saveStaticData(database, workflow.staticData);
		if (response.headersSent || data.noWebhookResponse === true || data.workflowData === undefined) {
			save();
			if (!response.headersSent && data.noWebhookResponse !== true) {
				answer(response, responseOptions(setup).responseCode, defaultAnswer(data, responseOptions(setup)));
			}
		}
		if (data.workflowData === undefined) return { data };
		if (options.failStart) {
			if (!response.headersSent) answer(response, 500, WEBHOOK_ERROR);
			return { data: { ...data, workflowData: undefined } };
		}
		const running = runTriggeredExecution(
			{ ...options, staticData: database },
			node,
			data.workflowData,
			mode === 'manual' ? 'manual' : 'webhook',
		);
		if (!response.headersSent) {
			const answerOptions = responseOptions(setup);
			answer(response, answerOptions.responseCode, defaultAnswer(data, answerOptions));
		}
		return { data, execution: await running };
	});

	const { data, error, execution } = result;
	return {
		status: response.statusCode,
		responseBody: response.body,
		responseHeaders: response.headers,
		workflowData: data?.workflowData,
		items: execution?.items ?? [],
		started: execution !== undefined,
		execution,
		error,
		logs,
		binary: readItemBinary,
	};
}
