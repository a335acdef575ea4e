import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { waitFor } from '../../scripts/lib/processes.mjs';
import { expect, expectNoTokens, pass } from './lib/expect.mjs';
import { getExecution, postWebhook } from './lib/rest.mjs';
import { callsOf, lastSeq } from './lib/sandboxLog.mjs';

/**
 * Send and Wait for Response in a running n8n: the message reaches the sandbox with n8n's resume
 * links, the execution waits, and a person's tap in the sandbox's chat page (headless Chromium)
 * or form answer resumes it; the wait limit resumes it through n8n's own wait tracker.
 */

const CHAT_ID = '79001234567@c.us';
const CREDENTIAL = { greenApiInstanceApi: { id: 'greenApiSandbox1', name: 'GREEN-API Sandbox' } };
const APPROVAL_EXAMPLE = 'greenApiDemoAppr1';
const NODE = 'Send and Wait';

const uid = (n) => `3c2e8f0a-1b4d-4e6f-9a7b-0000000005${String(n).padStart(2, '0')}`;

/** Webhook → Send and Wait → Send Text with the answer (the timeout case stops at Send and Wait). */
function webhookWorkflow(n, name, path, parameters, { answer = true } = {}) {
	const nodes = [
		{
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			id: uid(n * 10),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: uid(n * 10 + 9),
		},
		{
			parameters: {
				resource: 'message',
				operation: 'sendAndWait',
				chatId: '={{ $json.body.chatId }}',
				message: '={{ $json.body.text }}',
				...parameters,
			},
			id: uid(n * 10 + 1),
			name: NODE,
			type: 'n8n-nodes-green-api.greenApi',
			typeVersion: 1,
			position: [220, 0],
			credentials: CREDENTIAL,
		},
	];
	const connections = { Webhook: { main: [[{ node: NODE, type: 'main', index: 0 }]] } };
	if (answer) {
		nodes.push({
			parameters: {
				resource: 'message',
				operation: 'sendMessage',
				chatId: "={{ $('Webhook').item.json.body.chatId }}",
				message: "={{ 'answer to ' + $('Webhook').item.json.body.text + ': ' + JSON.stringify($json.data) }}",
			},
			id: uid(n * 10 + 2),
			name: 'Send the Answer',
			type: 'n8n-nodes-green-api.greenApi',
			typeVersion: 1,
			position: [440, 0],
			credentials: CREDENTIAL,
		});
		connections[NODE] = { main: [[{ node: 'Send the Answer', type: 'main', index: 0 }]] };
	}
	return {
		id: `greenApiE2eWait0${n}`,
		name: `e2e: send and wait (${name})`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const CASES = {
	approval: { id: 'greenApiE2eWait01', path: 'green-api-e2e-approval' },
	freeText: { id: 'greenApiE2eWait02', path: 'green-api-e2e-free-text' },
	customForm: { id: 'greenApiE2eWait03', path: 'green-api-e2e-form' },
	timeout: { id: 'greenApiE2eWait04', path: 'green-api-e2e-timeout' },
};

export const WAIT_WORKFLOW_IDS = Object.values(CASES).map((c) => c.id);

export function sendAndWaitWorkflows() {
	return [
		webhookWorkflow(1, 'approval', CASES.approval.path, {
			responseType: 'approval',
			approvalOptions: { values: { approvalType: 'double', approveLabel: 'Approve', disapproveLabel: 'Decline' } },
		}),
		webhookWorkflow(2, 'free text, links in the text', CASES.freeText.path, {
			responseType: 'freeText',
			options: { messageFormat: 'links', messageButtonLabel: 'Answer here', responseFormTitle: 'Your delivery wishes' },
		}),
		webhookWorkflow(3, 'custom form', CASES.customForm.path, {
			responseType: 'customForm',
			formFields: {
				values: [
					{ fieldLabel: 'Quantity', fieldType: 'number', requiredField: true },
					{ fieldLabel: 'Delivery', fieldType: 'dropdown', fieldOptions: 'Morning, Evening', requiredField: true },
				],
			},
		}),
		// 0.02 minutes: n8n's wait tracker looks for due executions once a minute, so this resumes
		// within about a minute of the start.
		webhookWorkflow(
			4,
			'wait limit',
			CASES.timeout.path,
			{ options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 0.02, resumeUnit: 'minutes' } } } },
			{ answer: false },
		),
	];
}

/** Where n8n's production webhooks live: the webhook process in queue mode. */
const webhookBase = (ctx) => (ctx.webhookBaseUrl ?? ctx.n8n.env.N8N_WEBHOOK_URL).replace(/\/?$/, '/');

const flatted = (runtime, execution) =>
	typeof execution.data === 'string' ? runtime.requireFromN8n('flatted').parse(execution.data) : execution.data;

/** The items of a node's last run in an execution from the REST API. */
function lastOutput(runtime, execution, node) {
	const runs = flatted(runtime, execution)?.resultData?.runData?.[node] ?? [];
	return (runs.at(-1)?.data?.main?.[0] ?? []).map((item) => item.json);
}

const executionIdOf = (url) => /\/webhook-waiting\/(\d+)\//.exec(url)?.[1];

/** The send the sandbox got for a message text, and the resume links in it. */
async function sentMessage({ sandbox }, seq, marker) {
	return await waitFor(
		`the Send and Wait message "${marker}" in the sandbox`,
		async () => {
			const calls = [
				...(await callsOf(sandbox.requestsUrl, 'sendInteractiveButtons', seq)),
				...(await callsOf(sandbox.requestsUrl, 'sendMessage', seq)),
			];
			const call = calls.find((c) => JSON.stringify(c.json).includes(marker));
			if (!call) return undefined;
			const links = call.json.buttons
				? call.json.buttons.map((b) => ({ label: b.buttonText, url: b.url }))
				: [...call.json.message.matchAll(/\*([^*]+)\*\n(\S+)/g)].map(([, label, url]) => ({ label, url }));
			return { call, links };
		},
		{ timeoutMs: 30_000 },
	);
}

async function executionWhen(http, id, what, match, timeoutMs = 60_000) {
	return await waitFor(
		`execution ${id} ${what}`,
		async () => {
			const execution = await getExecution(http, id);
			return match(execution) && execution;
		},
		{ timeoutMs, intervalMs: 300 },
	);
}

const finished = (execution) =>
	execution.status !== 'waiting' && execution.status !== 'running' && execution.status !== 'new' && execution.stoppedAt;

function checkLinks(ctx, links, executionId, where) {
	const base = webhookBase(ctx);
	for (const { url } of links) {
		expect(
			url.startsWith(`${base}webhook-waiting/${executionId}/`),
			`${where}: a resume link does not start with ${base}webhook-waiting/${executionId}/`,
			links,
		);
		expect(/[?&]signature=[0-9a-f]{64}$/.test(url), `${where}: a resume link is not signed`, links);
	}
}

/**
 * Opens the sandbox's chat page, finds the message with `marker` in the chat and taps the
 * button or link labelled `label`; returns the page the tap opened (n8n's answer).
 */
async function tapInSandbox(browser, { sandbox, workDir }, marker, label, { screenshot } = {}) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
	try {
		const page = await context.newPage();
		await page.goto(sandbox.pageUrl);
		await page.locator(`.chat[data-chat="${CHAT_ID}"]`).click();
		const message = page.locator('#messages .msg.outgoing', { hasText: marker }).last();
		await message.waitFor({ timeout: 30_000 });
		if (screenshot) await page.screenshot({ path: join(workDir, screenshot) });
		// A button where the chat got buttons, else the link in the text.
		const buttons = message.locator('a.wa-button', { hasText: label });
		const target = (await buttons.count()) ? buttons.first() : message.locator('a[href*="/webhook-waiting/"]').first();
		const [opened] = await Promise.all([context.waitForEvent('page', { timeout: 30_000 }), target.click()]);
		await opened.waitForLoadState('load');
		return { context, opened };
	} catch (error) {
		await context.close();
		throw error;
	}
}

async function answerWith(ctx, http, { marker, executionId }, expectOutput, describe) {
	const execution = await executionWhen(http, executionId, 'to finish', finished);
	expect(
		execution.status === 'success',
		`${describe}: execution ${executionId} ended with status ${execution.status}`,
		flatted(ctx.runtime, execution)?.resultData?.error,
	);
	const [output] = lastOutput(ctx.runtime, execution, NODE);
	expect(expectOutput(output?.data), `${describe}: Send and Wait put out something else`, output);
	expect(
		output.data.responded === true && /^\d{4}-\d\d-\d\dT/.test(output.data.respondedAt),
		`${describe}: no responded/respondedAt`,
		output,
	);
	const answers = await callsOf(ctx.sandbox.requestsUrl, 'sendMessage');
	expect(
		answers.some((c) => c.json?.message?.startsWith(`answer to ${marker}: `)),
		`${describe}: the workflow did not go on to send the answer`,
		answers.slice(-3),
	);
	expectNoTokens(JSON.stringify(execution), ctx.tokens, `execution ${executionId}`);
	return output.data;
}

/** Starts a webhook workflow; waits until its message is in the sandbox and the execution waits. */
async function startCase(ctx, http, kind) {
	const seq = await lastSeq(ctx.sandbox.requestsUrl);
	const marker = `${kind} ${randomBytes(3).toString('hex')}`;
	const response = await postWebhook(`${webhookBase(ctx)}webhook/${CASES[kind].path}`, { chatId: '+7 900 123-45-67', text: marker });
	expect(response.status === 200, `the ${kind} webhook answered ${response.status}`, response.data);
	const { call, links } = await sentMessage(ctx, seq, marker);
	const executionId = executionIdOf(links[0]?.url ?? '');
	expect(executionId, `${kind}: no resume link in the message`, call.json);
	checkLinks(ctx, links, executionId, kind);
	await executionWhen(http, executionId, 'to wait', (e) => e.status === 'waiting', 30_000);
	return { marker, executionId, call, links, startedAt: Date.now() };
}

/** Approval by webhook: Approve tapped in the sandbox page (buttons), resumed in this n8n. */
export async function checkApprovalTap(ctx, http, browser, where) {
	const started = await startCase(ctx, http, 'approval');
	expect(started.call.method === 'sendInteractiveButtons', `approval (${where}): the message was not sent as buttons`, started.call);
	expect(started.links.map((l) => l.label).join() === 'Approve,Decline', `approval (${where}): other buttons`, started.links);
	const { context, opened } = await tapInSandbox(browser, ctx, started.marker, 'Approve');
	try {
		const body = await opened.textContent('body');
		expect(/Your answer “Approve” was recorded/.test(body), `approval (${where}): the page after the tap says something else`, body);
	} finally {
		await context.close();
	}
	await answerWith(ctx, http, started, (data) => data?.approved === true, `approval (${where})`);
	let ranOn = 'this n8n';
	if (ctx.workerLog) {
		// Queue mode: the worker ran the execution up to the wait, and again after the tap.
		const runs = (readFileSync(ctx.workerLog, 'utf8').match(new RegExp(`Worker finished execution ${started.executionId} `, 'g')) ?? [])
			.length;
		expect(
			runs === 2,
			`the worker log shows execution ${started.executionId} finishing ${runs} times, expected 2 (before and after the wait)`,
		);
		ranOn = 'the worker, before and after the wait';
	}
	pass(
		`Send and Wait (${where}): buttons in the sandbox chat, Approve tapped in Chromium → execution ${started.executionId} resumed with data.approved true and went on (ran on ${ranOn})`,
	);
}

export async function checkFreeText(ctx, http, browser) {
	const started = await startCase(ctx, http, 'freeText');
	expect(
		started.call.method === 'sendMessage' && started.call.json.linkPreview === false,
		'free text: links were not sent as text without preview',
		started.call,
	);
	const { context, opened } = await tapInSandbox(browser, ctx, started.marker, 'Answer here');
	try {
		expect((await opened.textContent('h1')) === 'Your delivery wishes', 'free text: the form has another title');
		await opened.fill('textarea[name="field-0"]', 'Leave it with the neighbour, please');
		await opened.click('button[type="submit"]');
		await opened.waitForSelector('.done', { timeout: 30_000 });
	} finally {
		await context.close();
	}
	const data = await answerWith(ctx, http, started, (d) => d?.text === 'Leave it with the neighbour, please', 'free text');
	pass(
		`Send and Wait free text: link in the sandbox chat → form in Chromium → execution ${started.executionId} resumed with data.text "${data.text}"`,
	);
}

export async function checkCustomForm(ctx, http, browser) {
	const started = await startCase(ctx, http, 'customForm');
	const { context, opened } = await tapInSandbox(browser, ctx, started.marker, 'Respond');
	try {
		await opened.fill('#field-0', '3');
		await opened.selectOption('#field-1', 'Evening');
		await opened.click('button[type="submit"]');
		await opened.waitForSelector('.done', { timeout: 30_000 });
	} finally {
		await context.close();
	}
	await answerWith(ctx, http, started, (d) => d?.Quantity === 3 && d?.Delivery === 'Evening', 'custom form');
	pass(`Send and Wait custom form: filled in Chromium → execution ${started.executionId} resumed with {"Quantity":3,"Delivery":"Evening"}`);
}

/** The wait-limit case is started early: n8n's wait tracker only looks once a minute. */
export const startTimeoutCase = (ctx, http) => startCase(ctx, http, 'timeout');

export async function checkTimeoutCase(ctx, http, started, where) {
	const execution = await executionWhen(http, started.executionId, 'to be resumed by the wait limit', finished, 150_000);
	expect(
		execution.status === 'success',
		`wait limit (${where}): execution ended with ${execution.status}`,
		flatted(ctx.runtime, execution)?.resultData?.error,
	);
	const [output] = lastOutput(ctx.runtime, execution, NODE);
	expect(
		output?.data?.responded === false && output.data.timedOut === true && output.data.approved === false && output.data.waitedUntil,
		`wait limit (${where}): not the no-response item`,
		output,
	);
	pass(
		`Send and Wait (${where}): the wait limit resumed execution ${started.executionId} after ${Math.round((Date.now() - started.startedAt) / 1000)} s with ${JSON.stringify(output.data)}`,
	);
}

/** The order approval example, run from the editor and approved in the sandbox chat. */
export async function checkApprovalExample(ctx, http, browser) {
	const seq = await lastSeq(ctx.sandbox.requestsUrl);
	const run = await http.post(`/rest/workflows/${APPROVAL_EXAMPLE}/run`, {
		triggerToStartFrom: { name: "When clicking 'Execute workflow'" },
	});
	const executionId = run.data?.data?.executionId;
	expect(run.status === 200 && executionId, `running ${APPROVAL_EXAMPLE} answered ${run.status}`, run.data);
	const { links } = await sentMessage(ctx, seq, 'New order #1024');
	checkLinks(ctx, links, executionId, 'order approval example');
	await executionWhen(http, executionId, 'to wait', (e) => e.status === 'waiting', 30_000);
	const { context, opened } = await tapInSandbox(browser, ctx, 'New order #1024', 'Approve', { screenshot: 'send-and-wait-sandbox.png' });
	await context.close();
	void opened;
	const execution = await executionWhen(http, executionId, 'to finish', finished);
	expect(
		execution.status === 'success',
		`the order approval example ended with ${execution.status}`,
		flatted(ctx.runtime, execution)?.resultData?.error,
	);
	const confirmed = await waitFor(
		'the confirmation to the customer',
		async () => {
			const calls = await callsOf(ctx.sandbox.requestsUrl, 'sendMessage', seq);
			return calls.find((c) => c.json?.chatId === '79001234568@c.us');
		},
		{ timeoutMs: 20_000 },
	);
	expect(/order #1024 is confirmed/.test(confirmed.json.message), 'the example did not confirm the order', confirmed.json);
	pass(
		`order approval example: Approve tapped in the sandbox chat → "${confirmed.json.message}" (screenshot ${join(ctx.workDir, 'send-and-wait-sandbox.png')})`,
	);
}

/**
 * The browser checks at the end of a run, when no settings change restarts the instance any
 * more. Single process: the examples, every response type and the live QR code; queue mode: an
 * approval through the webhook process and a worker. Both end with the wait-limit case started
 * earlier (startTimeoutCase).
 */
export async function checkSendAndWaitInBrowser(ctx, http, { timeoutCase, where, everything }) {
	const { report } = ctx;
	const { launchChromium } = await import('./lib/browser.mjs');
	const browser = await report.step('headless Chromium', () => launchChromium(ctx));
	try {
		if (everything) {
			await report.step('Send and Wait: order approval example, Approve tapped in the sandbox chat', () =>
				checkApprovalExample(ctx, http, browser),
			);
		}
		await report.step(`Send and Wait (${where}): approval by webhook, tapped in the sandbox chat`, () =>
			checkApprovalTap(ctx, http, browser, where),
		);
		if (everything) {
			await report.step('Send and Wait: free text by a link in the text', () => checkFreeText(ctx, http, browser));
			await report.step('Send and Wait: custom form', () => checkCustomForm(ctx, http, browser));
			const { checkLiveQr, checkOnboardingExample } = await import('./liveQr.mjs');
			await report.step('Get Live QR Code: already linked, time limit', () => checkLiveQr(ctx, http));
			await report.step('Get Live QR Code: onboarding example, "Phone linked" pressed on the sandbox page', () =>
				checkOnboardingExample(ctx, http, browser),
			);
		}
	} finally {
		await browser.close();
	}
	await report.step(`Send and Wait (${where}): the wait limit resumes with "no response"`, () =>
		checkTimeoutCase(ctx, http, timeoutCase, where),
	);
}
