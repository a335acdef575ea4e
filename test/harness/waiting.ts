import type { IncomingHttpHeaders } from 'node:http';

import { InstanceSettings, validateUrlSignature, WAITING_TOKEN_QUERY_PARAM, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	type IHttpRequestMethods,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IRunExecutionData,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
} from 'n8n-workflow';

import { Container } from './container';
import { createNode, createWorkflow, exclusive, prepareEngine, targetNode } from './engine';
import { fakeRequest, RecordingResponse } from './httpFakes';
import { captureLogs } from './logging';
import { MANUAL_TRIGGER_TYPE, SOURCE_TYPE, manualTrigger, sourceNode } from './nodeTypes';
import type { RunNodeOptions } from './runNode';

/** The node's output and status after the execution went on. */
export interface ResumedRun {
	status: IRun['status'];
	/** Main output 0 of the node's last run. */
	items: INodeExecutionData[];
	serialized: string;
	logs: string[];
}

export interface WaitingResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
	/** Whether n8n would resume the execution with this request's answer. */
	resumed: boolean;
	/** Set when the request resumed the execution. */
	run?: ResumedRun;
}

export interface RequestInput {
	method: 'GET' | 'POST' | 'HEAD';
	url: string;
	headers?: IncomingHttpHeaders;
	/** What n8n parsed the body into (an object for url-encoded and JSON bodies). */
	body?: unknown;
}

/** A browser's user agent: link-preview filters must let it through. */
export const BROWSER = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

/**
 * An execution that a node put to wait (putExecutionToWait), kept as n8n stores it: the run
 * data goes through JSON, as through the database, before it is resumed.
 */
export class WaitingExecution {
	private stored: string;

	constructor(
		readonly first: IRun,
		readonly logs: string[],
		private readonly workflow: Workflow,
		private readonly additionalData: IWorkflowExecuteAdditionalData,
		private readonly target: INode,
	) {
		this.stored = JSON.stringify(first.data);
	}

	get waitTill(): Date | undefined {
		return this.first.waitTill ?? undefined;
	}

	private restore(): IRunExecutionData {
		return JSON.parse(this.stored) as IRunExecutionData;
	}

	private async continueRun(data: IRunExecutionData): Promise<ResumedRun> {
		const { result: run, logs } = await captureLogs(
			async () => await new WorkflowExecute(this.additionalData, 'manual', data).processRunExecutionData(this.workflow),
		);
		const runs = run.data.resultData.runData[this.target.name] ?? [];
		this.stored = JSON.stringify(run.data);
		return {
			status: run.status,
			items: runs[runs.length - 1]?.data?.main?.[0] ?? [],
			serialized: JSON.stringify(run),
			logs,
		};
	}

	/** The wait limit passed: what n8n's WaitTracker does, resuming the stored execution. */
	async timeout(): Promise<ResumedRun> {
		return await exclusive(async () => await this.continueRun(this.restore()));
	}

	/**
	 * A request to one of the message's links, handled as n8n's waiting-webhook server does for a
	 * Send and Wait node: the URL's signature is checked, the node's webhook() answers, and an
	 * answer with workflowData resumes the execution with those items as the node's output.
	 */
	async request(input: RequestInput): Promise<WaitingResponse> {
		return await exclusive(async () => {
			await prepareEngine();
			const url = new URL(input.url);
			const signature = url.searchParams.get(WAITING_TOKEN_QUERY_PARAM) ?? '';
			const secret = Container.get(InstanceSettings).hmacSignatureSecret;
			const [, , executionId, nodeId] = url.pathname.split('/');
			const valid =
				executionId === this.additionalData.executionId &&
				decodeURIComponent(nodeId ?? '') === this.target.id &&
				signature !== '' &&
				validateUrlSignature(signature, url, secret);
			if (!valid) return { status: 401, headers: {}, body: 'Invalid token', resumed: false };

			const data = this.restore();
			if (!data.waitTill) return { status: 409, headers: {}, body: 'The execution is not waiting', resumed: false };
			const description = this.target && this.nodeWebhooks().find((webhook) => webhook.httpMethod === input.method);
			if (!description) return { status: 404, headers: {}, body: 'No waiting webhook for this method', resumed: false };

			const response = new RecordingResponse();
			const additionalData = { ...this.additionalData };
			additionalData.httpRequest = fakeRequest({
				method: input.method,
				url: input.url,
				headers: input.headers,
				body: input.body,
				rawBody: input.body === undefined ? Buffer.alloc(0) : undefined,
			}) as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
			additionalData.httpResponse = response as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
			const webhookData: IWebhookData = {
				httpMethod: input.method as IHttpRequestMethods,
				node: this.target.name,
				path: nodeId,
				webhookDescription: description,
				workflowId: this.workflow.id,
				workflowExecuteAdditionalData: additionalData,
			};
			const context = new WebhookContext(this.workflow, this.target, additionalData, 'webhook', webhookData, [], data);
			const node = this.workflow.nodeTypes.getByNameAndVersion(this.target.type, this.target.typeVersion);
			const { result } = await captureLogs<IWebhookResponseData>(async () => await node.webhook!.call(context));
			const answer = {
				status: response.statusCode,
				headers: response.headers,
				body: response.body === undefined ? '' : String(response.body),
			};
			if (!result.workflowData) return { ...answer, resumed: false };

			// What n8n's waiting webhooks do before running the execution again.
			const [entry] = data.executionData!.nodeExecutionStack;
			entry.node.disabled = true;
			entry.data.main = result.workflowData;
			entry.metadata = { ...entry.metadata, forwardAllOutputs: true };
			data.waitTill = undefined;
			return { ...answer, resumed: true, run: await this.continueRun(data) };
		});
	}

	private nodeWebhooks() {
		const node = this.workflow.nodeTypes.getByNameAndVersion(this.target.type, this.target.typeVersion);
		return (node.description.webhooks ?? []).filter((webhook) => webhook.restartWebhook === true);
	}
}

/**
 * Runs `Manual Trigger → Input → node under test` until the node puts the execution to wait.
 * Resolves with the finished run too when the node does not wait (an error before sending).
 */
export async function runUntilWaiting(options: RunNodeOptions): Promise<WaitingExecution> {
	return await exclusive(async () => {
		await prepareEngine(options.binaryMode);
		const trigger = createNode('Manual Trigger', MANUAL_TRIGGER_TYPE, 0);
		const source = createNode('Input', SOURCE_TYPE, 200);
		const target = targetNode(options, 400, options.continueOnFail ? { onError: 'continueRegularOutput' } : {});
		const link = (to: string) => ({ main: [[{ node: to, type: 'main' as const, index: 0 }]] });
		const { workflow, additionalData } = createWorkflow(
			options,
			[trigger, source, target],
			{ [trigger.name]: link(source.name), [source.name]: link(target.name) },
			{
				[MANUAL_TRIGGER_TYPE]: manualTrigger,
				[SOURCE_TYPE]: sourceNode(options.input ?? [{ json: {} }]),
				[target.type]: options.node,
			},
		);
		const data = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }] },
		});
		const { result: run, logs } = await captureLogs(
			async () => await new WorkflowExecute(additionalData, 'manual', data).processRunExecutionData(workflow),
		);
		return new WaitingExecution(run, logs, workflow, additionalData, target);
	});
}
