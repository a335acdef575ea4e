import { HookContext } from 'n8n-core';
import type { IHttpRequestMethods, INode, IWebhookData, IWebhookDescription, WebhookType } from 'n8n-workflow';

import { createWorkflow, targetNode, type NodeUnderTest, type TestWorkflow } from './engine';

/**
 * `trigger`: the webhook of an active (published) workflow, under `webhookBaseUrl`.
 * `manual`: "Listen for test event" in the editor, under `webhookTestBaseUrl`.
 */
export type WebhookMode = 'trigger' | 'manual';

/** The node's `webhookId` when the test gives no URL to take it from. */
export const DEFAULT_WEBHOOK_ID = '0c3b8f9e-5d4a-4b7e-9a21-6f0d2e8c7b15';

export interface WebhookTarget {
	mode: WebhookMode;
	/** The URL `getNodeWebhookUrl` answers in this mode; default the harness' localhost:5678 one. */
	webhookUrl?: string;
	webhookName?: WebhookType;
}

export interface WebhookWorkflow extends TestWorkflow {
	node: INode;
	/** The registration n8n hands to HookContext and WebhookContext. */
	webhookData: IWebhookData;
}

type BaseUrlKey = `${'webhook' | 'form' | 'mcp'}${'' | 'Test'}BaseUrl`;

/** The additionalData field n8n-core's getNodeWebhookUrl builds this webhook's URL from. */
function baseUrlKey(description: IWebhookDescription, isTest: boolean): BaseUrlKey {
	const kind = description.nodeType === 'form' || description.nodeType === 'mcp' ? description.nodeType : 'webhook';
	return `${kind}${isTest ? 'Test' : ''}BaseUrl`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const BASE_MARK = 'http://harness.invalid/base';
const ID_MARK = 'harness-webhook-id';

/**
 * n8n-core builds the URL as `<base>/<webhookId>/<path>` (or `<base>/<path>` for full paths) and
 * offers no way to set it directly. So the real method is asked once with marker values, and the
 * test's URL is matched against that shape to find the base URL and webhookId that reproduce it.
 */
function fitWebhookUrl(webhook: WebhookWorkflow, key: BaseUrlKey, webhookUrl: string): void {
	const { node, additionalData } = webhook;
	additionalData[key] = BASE_MARK;
	node.webhookId = ID_MARK;
	const template = registeredUrl(webhook);
	if (!template.startsWith(`${BASE_MARK}/`)) {
		throw new Error(`n8n builds no webhook URL for node "${node.name}"`);
	}
	const suffix = escapeRegExp(template.slice(BASE_MARK.length)).replace(ID_MARK, '(?<id>[^/]+)');
	const groups = new RegExp(`^(?<base>.+)${suffix}$`).exec(webhookUrl)?.groups;
	if (!groups) {
		const shape = template.replace(BASE_MARK, '<base>').replace(ID_MARK, '<webhookId>');
		throw new Error(`webhookUrl "${webhookUrl}" cannot be this node's URL, which n8n builds as ${shape}`);
	}
	additionalData[key] = groups.base;
	node.webhookId = groups.id ?? DEFAULT_WEBHOOK_ID;
}

/**
 * A one-node workflow holding the trigger, with the webhook registration n8n would make for it
 * (`WebhookService.getNodeWebhooks`; test registrations get `isTest`).
 */
export function createWebhookWorkflow(test: NodeUnderTest, target: WebhookTarget): WebhookWorkflow {
	const name = target.webhookName ?? 'default';
	const description = test.node.description.webhooks?.find((webhook) => webhook.name === name);
	if (!description) {
		throw new Error(`${test.node.description.displayName} has no webhook named "${name}"`);
	}
	const node = targetNode(test, 0, { webhookId: DEFAULT_WEBHOOK_ID });
	const { workflow, additionalData } = createWorkflow(test, [node], {}, { [node.type]: test.node });
	const isTest = target.mode === 'manual';
	const method = workflow.expression.getSimpleParameterValue(node, description.httpMethod, 'internal', {}, undefined, 'GET');
	const webhookData: IWebhookData = {
		httpMethod: String(method).split(',')[0].trim() as IHttpRequestMethods,
		node: node.name,
		path: '',
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		isTest,
	};
	const webhook: WebhookWorkflow = { workflow, additionalData, node, webhookData };

	const key = baseUrlKey(description, isTest);
	if (target.webhookUrl !== undefined) fitWebhookUrl(webhook, key, target.webhookUrl);
	webhookData.path = registeredUrl(webhook).slice(additionalData[key].length + 1);
	return webhook;
}

/** The URL the webhook is registered under in its mode, as n8n-core computes it. */
export function registeredUrl({ workflow, node, additionalData, webhookData }: WebhookWorkflow): string {
	const context = new HookContext(workflow, node, additionalData, 'internal', 'activate', webhookData);
	return context.getNodeWebhookUrl(webhookData.webhookDescription.name) ?? '';
}
