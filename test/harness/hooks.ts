import { HookContext } from 'n8n-core';
import type { WebhookSetupMethodNames, WebhookType, WorkflowActivateMode, WorkflowExecuteMode } from 'n8n-workflow';

import { exclusive, prepareEngine, type NodeUnderTest } from './engine';
import { captureLogs } from './logging';
import { createWebhookWorkflow, type WebhookMode } from './webhookSetup';

export interface RunHookOptions extends NodeUnderTest {
	method: WebhookSetupMethodNames;
	/** `trigger`: publishing the workflow; `manual`: "Listen for test event". Default `trigger`. */
	mode?: WebhookMode;
	/** What `getNodeWebhookUrl('default')` returns: `<base>/<webhookId>/<path>` for a usual node. */
	webhookUrl: string;
	webhookName?: WebhookType;
	/** `getActivationMode()` of checkExists/create in trigger mode: `init` at n8n's start, default `activate`. */
	activation?: WorkflowActivateMode;
}

export interface RunHookResult {
	/** What the method returned; undefined when the node has no such method (n8n then skips it). */
	result?: boolean;
	error?: Error;
	logs: string[];
}

/**
 * The modes n8n-core's WebhookService gets: ActiveWorkflowManager checks and creates with
 * (`trigger`, activation) and TestWebhooks with (`manual`, `manual`); both delete with
 * (`internal`, `update`), so only the URL tells a test registration's delete from a production one.
 */
function modesOf(options: RunHookOptions): [WorkflowExecuteMode, WorkflowActivateMode] {
	if (options.method === 'delete') return ['internal', 'update'];
	if (options.mode === 'manual') return ['manual', 'manual'];
	return ['trigger', options.activation ?? 'activate'];
}

/** Runs one of the node's `webhookMethods` in n8n-core's own HookContext. */
export async function runHook(options: RunHookOptions): Promise<RunHookResult> {
	return await exclusive(async () => {
		await prepareEngine(options.binaryMode);
		const { workflow, additionalData, node, webhookData } = createWebhookWorkflow(options, {
			mode: options.mode ?? 'trigger',
			webhookUrl: options.webhookUrl,
			webhookName: options.webhookName,
		});
		const method = options.node.webhookMethods?.[webhookData.webhookDescription.name]?.[options.method];
		if (!method) return { logs: [] };

		const [mode, activation] = modesOf(options);
		const context = new HookContext(workflow, node, additionalData, mode, activation, webhookData);
		const { result, logs } = await captureLogs<Omit<RunHookResult, 'logs'>>(async () => {
			try {
				return { result: await method.call(context) };
			} catch (error) {
				return { error: error as Error };
			}
		});
		return { ...result, logs };
	});
}
