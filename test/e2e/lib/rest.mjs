import axios from 'axios';

import { REQUEST_MS, STATE_MS } from './bounds.mjs';

/** A logged-in client for n8n's internal REST API (what the editor uses). */
export async function loginRest(baseURL, { email, password }) {
	const http = axios.create({
		baseURL,
		timeout: REQUEST_MS,
		validateStatus: () => true,
		headers: { 'browser-id': 'green-api-e2e' },
	});
	const login = await http.post('/rest/login', { emailOrLdapLoginId: email, password });
	if (login.status !== 200) throw new Error(`POST /rest/login answered ${login.status}: ${JSON.stringify(login.data)}`);
	const cookie = (login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
	http.defaults.headers.common.cookie = cookie;
	return http;
}

/**
 * Runs a stored credential's test as the editor's "Test" button does: it loads the credential
 * (secrets come back redacted) and sends that back; n8n fills the stored secrets in again.
 * Returns the test result and the credential as the editor saw it.
 */
export async function testCredential(http, { id, name, type }) {
	const loaded = await http.get(`/rest/credentials/${id}`, { params: { includeData: true } });
	if (loaded.status !== 200) throw new Error(`GET /rest/credentials/${id} answered ${loaded.status}: ${JSON.stringify(loaded.data)}`);
	const asEditorSees = loaded.data.data ?? loaded.data;
	const response = await http.post('/rest/credentials/test', { credentials: { id, name, type, data: asEditorSees.data } });
	if (response.status !== 200) {
		throw new Error(`POST /rest/credentials/test answered ${response.status}: ${JSON.stringify(response.data)}`);
	}
	return { result: response.data.data ?? response.data, asEditorSees };
}

/**
 * Runs a saved workflow as the editor's "Execute workflow" button does and waits for the
 * execution to finish. Returns the execution as GET /rest/executions/:id answers it.
 */
export async function runFromEditor(http, workflowId, triggerName, { timeoutMs = STATE_MS } = {}) {
	const started = await http.post(`/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: triggerName } });
	const executionId = started.data?.data?.executionId;
	if (started.status !== 200 || !executionId) {
		throw new Error(`POST /rest/workflows/${workflowId}/run answered ${started.status}: ${JSON.stringify(started.data)}`);
	}
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await http.get(`/rest/executions/${executionId}`);
		const execution = response.data?.data;
		if (response.status === 200 && execution?.stoppedAt) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${executionId} did not finish in ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** POSTs to a production webhook, retrying while n8n is still registering it (404). */
export async function postWebhook(url, body, { timeoutMs = STATE_MS } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await axios.post(url, body, { timeout: REQUEST_MS, validateStatus: () => true });
		if (response.status !== 404 || Date.now() > deadline) return response;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

async function ok(request, what) {
	const response = await request;
	if (response.status !== 200) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.data).slice(0, 2000)}`);
	return response.data?.data ?? response.data;
}

export const getWorkflow = (http, id) => ok(http.get(`/rest/workflows/${id}`), `GET /rest/workflows/${id}`);

/**
 * Publishes (activates) a workflow as the editor's "Publish" button does. In n8n 2.41 the answer
 * comes at once: the triggers are registered afterwards (see waitForPublication).
 */
export async function activateWorkflow(http, id) {
	const { versionId } = await getWorkflow(http, id);
	return ok(http.post(`/rest/workflows/${id}/activate`, { versionId }), `POST /rest/workflows/${id}/activate`);
}

/** Unpublishes (deactivates) a workflow; like activation, the triggers are removed afterwards. */
export const deactivateWorkflow = (http, id) =>
	ok(http.post(`/rest/workflows/${id}/deactivate`, {}), `POST /rest/workflows/${id}/deactivate`);

/**
 * Waits until n8n has finished publishing a workflow: { status: 'published' | 'failed' |
 * 'partial' | 'not_published', triggers: [{ nodeId, status, errorMessage }] }. n8n retries a
 * failing trigger 5 times (1 + 2 + 4 + 8 s apart) before it reports "failed".
 */
export async function waitForPublication(http, id, { timeoutMs = STATE_MS } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = await ok(http.get(`/rest/workflows/${id}/publication-status`), `GET /rest/workflows/${id}/publication-status`);
		if (status.status !== 'in_progress') return status;
		if (Date.now() > deadline) throw new Error(`workflow ${id} was still being published after ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The executions of one workflow, newest first, as the editor's list shows them. */
export async function executionsOf(http, workflowId) {
	const data = await ok(
		http.get('/rest/executions', { params: { filter: JSON.stringify({ workflowId }), limit: 100 } }),
		'GET /rest/executions',
	);
	return data.results;
}

/** One execution with its data (GET /rest/executions/:id). */
export const getExecution = (http, id) => ok(http.get(`/rest/executions/${id}`), `GET /rest/executions/${id}`);

/**
 * The items a node output in an execution from GET /rest/executions/:id (its data is flatted JSON).
 * When n8n recovers a crashed run from its event log, a node the log says finished gets a
 * placeholder item ({ isArtificialRecoveredEventItem: true }, n8n's ARTIFICIAL_TASK_DATA) in place
 * of its lost output; that is no item the node made, so it is left out.
 */
export function nodeItems(runtime, execution, nodeName) {
	return (executionData(runtime, execution)?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? [])
		.map((item) => item.json)
		.filter((json) => !json?.isArtificialRecoveredEventItem);
}

/**
 * The items n8n started a node with and had not run yet: an execution that died with its process
 * (n8n marks it crashed) holds its trigger's items only there, not in the node's output.
 */
export function pendingItems(runtime, execution, nodeName) {
	const stack = executionData(runtime, execution)?.executionData?.nodeExecutionStack ?? [];
	return stack.filter((entry) => entry.node?.name === nodeName).flatMap((entry) => (entry.data?.main?.[0] ?? []).map((item) => item.json));
}

function executionData(runtime, execution) {
	return typeof execution.data === 'string' ? runtime.requireFromN8n('flatted').parse(execution.data) : execution.data;
}
