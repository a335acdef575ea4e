import type { IncomingHttpHeaders } from 'node:http';

import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookResponseData,
	WebhookType,
} from 'n8n-workflow';

import { readItemBinary } from './binaryData';
import { exclusive, prepareEngine, type NodeUnderTest } from './engine';
import { fakeRequest, RecordingResponse } from './httpFakes';
import { captureLogs } from './logging';
import {
	createWebhookWorkflow,
	registeredUrl,
	type WebhookMode,
	type WebhookWorkflow,
} from './webhookSetup';

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
}

export interface DeliverWebhookResult {
	/** The HTTP status n8n answers: the node's own when it wrote the response. */
	status: number;
	responseBody?: unknown;
	/** Headers the node set on the response. */
	responseHeaders: Record<string, string>;
	workflowData?: INodeExecutionData[][];
	/** Main output 0 of `workflowData`. */
	items: INodeExecutionData[];
	/** Whether n8n starts an execution with `workflowData`. */
	started: boolean;
	/** What `webhook()` threw: n8n answers 500 and records a failed execution without output. */
	error?: Error;
	logs: string[];
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
}

// What n8n answers when webhook() throws (webhook-helpers, response-helper).
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
		return data.webhookResponse !== undefined
			? data.webhookResponse
			: { message: 'Webhook call received' };
	}
	// Other response modes answer from the finished execution, which is not run here.
	if (options.responseMode !== 'onReceived' || options.responseData === 'noData') return undefined;
	if (options.responseData) return options.responseData;
	return data.webhookResponse !== undefined
		? data.webhookResponse
		: { message: 'Workflow was started' };
}

function answerOf(
	data: IWebhookResponseData | undefined,
	response: RecordingResponse,
	setup: WebhookWorkflow,
): { status: number; responseBody?: unknown } {
	if (response.headersSent || data?.noWebhookResponse === true) {
		return { status: response.statusCode, responseBody: response.body };
	}
	if (!data) return { status: 500, responseBody: WEBHOOK_ERROR };
	const options = responseOptions(setup);
	return { status: options.responseCode, responseBody: defaultAnswer(data, options) };
}

/**
 * Hands one HTTP request to the node's `webhook()` in n8n-core's own WebhookContext, the way n8n's
 * webhook server does, and reports what n8n would answer and whether an execution would start.
 */
export async function deliverWebhook(
	options: DeliverWebhookOptions,
): Promise<DeliverWebhookResult> {
	return await exclusive(async () => {
		const { webhook } = options.node;
		if (!webhook) throw new Error(`${options.node.description.displayName} has no webhook()`);
		await prepareEngine(options.binaryMode);

		const mode = options.mode ?? 'trigger';
		const setup = createWebhookWorkflow(options, {
			mode,
			webhookUrl: options.webhookUrl,
			webhookName: options.webhookName,
		});
		const { workflow, additionalData, node, webhookData } = setup;
		const response = new RecordingResponse();
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

		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			mode === 'manual' ? 'manual' : 'webhook',
			webhookData,
			[],
			null,
		);
		const { result, logs } = await captureLogs<{ data?: IWebhookResponseData; error?: Error }>(
			async () => {
				try {
					return { data: await webhook.call(context) };
				} catch (error) {
					return { error: error as Error };
				}
			},
		);

		const { data, error } = result;
		const workflowData = data?.workflowData;
		const answer = answerOf(data, response, setup);
		return {
			...answer,
			responseHeaders: response.headers,
			workflowData,
			items: workflowData?.[0] ?? [],
			started: !error && workflowData !== undefined,
			error,
			logs,
			binary: readItemBinary,
		};
	});
}
