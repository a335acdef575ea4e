import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import axios from 'axios';

import { REPO_DIR } from '../../scripts/lib/paths.mjs';
import { waitFor } from '../../scripts/lib/processes.mjs';
import { expect, expectNoTokens, pass } from './lib/expect.mjs';
import {
	activateWorkflow,
	deactivateWorkflow,
	executionsOf,
	getExecution,
	nodeItems,
	runFromEditor,
	waitForPublication,
} from './lib/rest.mjs';
import { switchesOf } from './lib/sandboxControl.mjs';
import { lastSeq, sandboxRequests } from './lib/sandboxLog.mjs';

/**
 * Both GREEN-API triggers in a running n8n, driven through the sandbox's control API the way
 * GREEN-API and a WhatsApp contact would drive them: activation and deactivation change the
 * instance's settings, an incoming message reaches the workflow, and the workflow answers it.
 */

export const ECHO_ID = 'greenApiE2eEcho01';
const TAKE_OVER_ID = 'greenApiE2eTake01';
const QUEUE_ID = 'greenApiE2eQueue01';
const TRIGGER = 'GREEN-API Trigger';
const QUEUE_TRIGGER = 'GREEN-API Queue Trigger';
const CHAT_ID = '79001234567@c.us';
const FIXTURES = join(REPO_DIR, 'test', 'e2e', 'fixtures', 'workflows');

/** Settings before n8n starts: no webhook, and switches the echo bot does not want. */
const BEFORE = { webhookUrl: '', webhookUrlToken: '', incomingWebhook: 'no', stateWebhook: 'yes', deviceWebhook: 'yes' };

const readFixture = (name) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
const triggerNode = (workflow) => workflow.nodes.find((node) => node.name === TRIGGER);
const uniqueText = (what) => `${what} ${randomBytes(3).toString('hex')}`;
const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The echo bot, the same bot with "Take Over Existing Webhook" on (own webhook path), the queue echo bot. */
export function triggerWorkflows() {
	const echo = readFixture('e2e-echo-bot');
	const takeOver = structuredClone(echo);
	Object.assign(takeOver, { id: TAKE_OVER_ID, name: 'e2e: echo bot that takes over the webhook' });
	Object.assign(triggerNode(takeOver), { webhookId: '3c2e8f0a-1b4d-4e6f-9a7b-0000000000e2' });
	triggerNode(takeOver).parameters.takeOver = true;
	return [echo, takeOver, readFixture('e2e-queue-echo')];
}

/** n8n's production URL of a workflow's GREEN-API Trigger: <N8N_WEBHOOK_URL>webhook/<webhookId>/webhook. */
export function productionUrl(webhookBaseUrl, workflowId) {
	const workflow = triggerWorkflows().find((w) => w.id === workflowId);
	return `${webhookBaseUrl.replace(/\/?$/, '/')}webhook/${triggerNode(workflow).webhookId}/webhook`;
}

/** Where GREEN-API must call n8n: the webhook process in queue mode, else n8n's N8N_WEBHOOK_URL. */
const baseUrl = (ctx) => ctx.webhookBaseUrl ?? ctx.n8n.env.N8N_WEBHOOK_URL;

/** Polls the sandbox settings until match(settings) holds; returns them. */
const settingsWhen = (instance, what, match, timeoutMs = 30_000) =>
	waitFor(
		what,
		async () => {
			const settings = await instance.settings();
			return match(settings) && settings;
		},
		{ timeoutMs },
	);

/** Called while n8n is stopped: the instance's webhook is free, a few unrelated switches are on. */
export async function freeTheWebhook({ instance }) {
	await instance.patchSettings(BEFORE);
	return instance.settings();
}

/** The sandbox's records of these GREEN-API methods after seq, oldest first. */
async function callsAfter(sandbox, seq, methods) {
	const wanted = new Set(methods.map((m) => m.toLowerCase()));
	return (await sandboxRequests(sandbox.requestsUrl, { afterSeq: seq })).filter(
		(r) => Number(r.seq) > seq && wanted.has(String(r.method).toLowerCase()),
	);
}

/** Waits for the sendMessage that echoes text; returns the request record. */
const echoOf = (sandbox, seq, text, timeoutMs = 30_000) =>
	waitFor(
		`the echo of "${text}"`,
		async () => {
			const sends = await callsAfter(sandbox, seq, ['sendMessage']);
			return sends.find((call) => call.json?.message === `echo: ${text}`);
		},
		{ timeoutMs },
	);

/** Waits until a workflow has count finished executions in mode (newest first) and returns them. */
const finishedRuns = (http, workflowId, mode, count) =>
	waitFor(
		`${count} finished ${mode} execution(s) of ${workflowId}`,
		async () => {
			const runs = (await executionsOf(http, workflowId)).filter((e) => e.mode === mode);
			return runs.length >= count && runs.every((e) => e.stoppedAt) && runs;
		},
		{ timeoutMs: 10_000 },
	);

/** 1a: publishing the echo bot points the free webhook at n8n with a fresh token. */
export async function checkActivation(ctx, http) {
	const { instance, before } = ctx;
	const url = productionUrl(baseUrl(ctx), ECHO_ID);
	const settings = await settingsWhen(instance, 'activation sets the webhook', (s) => s.webhookUrl === url);
	const publication = await waitForPublication(http, ECHO_ID);
	expect(publication.status === 'published', `n8n reports the echo bot as ${publication.status}`, publication);
	expect(/^[0-9a-f]{48}$/.test(settings.webhookUrlToken), 'the webhookUrlToken is not 48 hex digits', settings.webhookUrlToken.length);
	expect(settings.incomingWebhook === 'yes', 'activation did not turn incomingWebhook on', settings);
	const unwanted = Object.entries(switchesOf(before)).filter(([key, value]) => value === 'yes' && settings[key] !== 'no');
	expect(!unwanted.length, `activation left switches on the echo bot does not need: ${unwanted.map(([k]) => k)}`, settings);
	ctx.webhookToken = settings.webhookUrlToken;
	ctx.tokens.push(settings.webhookUrlToken);
	pass(`activation set the sandbox webhook to n8n's production URL ${url}, a 48-hex token, incomingWebhook "yes"`);
}

/** 1c: a POST to the production URL without (or with a wrong) token gets 401 and runs nothing. */
export async function checkUnauthorized(ctx, http) {
	const url = productionUrl(baseUrl(ctx), ECHO_ID);
	const before = (await executionsOf(http, ECHO_ID)).length;
	const notification = {
		typeWebhook: 'incomingMessageReceived',
		instanceData: { idInstance: Number(ctx.instance.idInstance), wid: '11001234567@c.us', typeInstance: 'whatsapp' },
		timestamp: Math.floor(Date.now() / 1000),
		idMessage: `E2E${randomBytes(8).toString('hex').toUpperCase()}`,
		senderData: { chatId: CHAT_ID, sender: CHAT_ID },
		messageData: { typeMessage: 'textMessage', textMessageData: { textMessage: 'forged' } },
	};
	const cases = {
		'no Authorization': {},
		'a wrong token': { authorization: `Bearer ${randomBytes(24).toString('hex')}` },
		'the token without "Bearer"': { authorization: ctx.webhookToken },
	};
	for (const [what, headers] of Object.entries(cases)) {
		const response = await axios.post(url, notification, { headers, timeout: 10_000, validateStatus: () => true });
		expect(response.status === 401, `a POST with ${what} answered ${response.status}, expected 401`, response.data);
		expectNoTokens(JSON.stringify(response.data), ctx.tokens, 'the 401 answer');
	}
	ctx.echoExecutionsBefore = before;
	pass('a POST to the production URL without the token, with a wrong token, or without "Bearer" gets 401');
}

/** 1b + 1d: an incoming message reaches n8n through the sandbox's webhook, the bot echoes it. Returns the execution id. */
export async function checkEcho(ctx, http) {
	const { sandbox, instance, runtime } = ctx;
	const url = productionUrl(baseUrl(ctx), ECHO_ID);
	const seq = await lastSeq(sandbox.requestsUrl);
	const text = uniqueText('e2e echo');
	const injected = await instance.incoming({ chatId: CHAT_ID, text });
	const call = await echoOf(sandbox, seq, text);
	expect(call.json.chatId === CHAT_ID && call.tokenOk === true, 'the echo went to another chat or without the instance token', call);

	const record = await waitFor(
		'the notification record',
		async () => {
			const found = (await instance.notifications()).find((n) => n.body?.idMessage === injected.idMessage);
			return found?.state === 'delivered' && found;
		},
		{ timeoutMs: 10_000 },
	);
	const [attempt, ...more] = record.attempts;
	expect(
		!more.length && attempt.status === 200,
		`the sandbox needed ${record.attempts.length} attempt(s), last answered ${attempt?.status}`,
		record.attempts,
	);
	expect(attempt.url === url && attempt.authorization === true, 'the sandbox delivered elsewhere or without Authorization', attempt);

	// The 401s above started nothing: this delivery is the only new execution.
	const executions = await waitFor(
		'the echo execution',
		async () => {
			const list = await executionsOf(http, ECHO_ID);
			return list.length > ctx.echoExecutionsBefore && list[0].stoppedAt && list;
		},
		{ timeoutMs: 10_000 },
	);
	expect(
		executions.length === ctx.echoExecutionsBefore + 1,
		`expected 1 new execution, got ${executions.length - ctx.echoExecutionsBefore}`,
		executions,
	);
	const execution = await getExecution(http, executions[0].id);
	expect(
		execution.status === 'success' && execution.mode === 'webhook',
		`the echo execution is ${execution.mode}/${execution.status}`,
		execution.status,
	);
	const [item] = nodeItems(runtime, execution, TRIGGER);
	expect(
		item?.text === text && item?.chatId === CHAT_ID && item?.event === 'incomingMessageReceived',
		'the trigger output is not the simplified message',
		item,
	);
	expectNoTokens(JSON.stringify(execution), ctx.tokens, 'the echo execution');
	pass(
		`incoming "${text}" -> sandbox webhook with Bearer token -> n8n execution ${execution.id} -> sendMessage "echo: ${text}" to ${CHAT_ID}`,
	);
	pass('the sandbox delivered the notification once, answered 200; the 401 POSTs started no execution');
	return execution.id;
}

/**
 * GREEN-API resends a notification until it gets a 200; the trigger starts the workflow once per
 * notification by remembering what it saw in static data, which n8n must have saved by the time
 * the same notification comes again.
 */
export async function checkRedelivery(ctx, http) {
	const { sandbox, instance } = ctx;
	const url = productionUrl(baseUrl(ctx), ECHO_ID);
	const text = uniqueText('e2e redelivery');
	const seq = await lastSeq(sandbox.requestsUrl);
	const injected = await instance.incoming({ chatId: CHAT_ID, text });
	await echoOf(sandbox, seq, text);
	const { body } = (await instance.notifications()).find((n) => n.body?.idMessage === injected.idMessage);
	const before = (await executionsOf(http, ECHO_ID)).length;
	const again = await axios.post(url, body, {
		headers: { authorization: `Bearer ${ctx.webhookToken}` },
		timeout: 10_000,
		validateStatus: () => true,
	});
	expect(again.status === 200, `the redelivery answered ${again.status}`, again.data);
	expectNoTokens(JSON.stringify(again.data), ctx.tokens, 'the answer to a delivery');
	// When the redelivery runs the workflow, a second echo shows up within a second or two.
	const echoes = async () => (await callsAfter(sandbox, seq, ['sendMessage'])).filter((c) => c.json?.message === `echo: ${text}`);
	const echoedTwice = await waitFor('a second echo', async () => (await echoes()).length > 1, { timeoutMs: 3000 }).catch(() => false);
	const executions = (await executionsOf(http, ECHO_ID)).length - before;
	expect(
		!echoedTwice && executions === 0,
		`a redelivered notification started the echo bot again (${executions} new execution(s))`,
	);
	pass('a redelivered notification (same body, valid token) answers 200 and starts nothing');
}

/** 1e: deactivating gives the webhook back: URL and token empty, switches as before. */
export async function checkDeactivation(ctx, http) {
	const { instance, before } = ctx;
	await deactivateWorkflow(http, ECHO_ID);
	const settings = await settingsWhen(
		instance,
		'deactivation restores the settings',
		(s) => s.webhookUrl === '' && sameJson(switchesOf(s), switchesOf(before)),
	);
	expect(settings.webhookUrlToken === '', 'deactivation left the webhookUrlToken set');
	const publication = await waitForPublication(http, ECHO_ID);
	expect(publication.status === 'not_published', `n8n reports the echo bot as ${publication.status} after deactivation`, publication);
	pass('deactivation (POST /rest/workflows/:id/deactivate) restored webhookUrl "", the token and every switch');
}

/** 2a: with another URL in the instance's webhook, activation fails naming it and changes nothing. */
export async function checkForeignWebhook(ctx, http) {
	const { sandbox, instance } = ctx;
	const foreign = {
		webhookUrl: 'http://127.0.0.1:9/someone-else/green-api',
		webhookUrlToken: `foreign-${randomBytes(12).toString('hex')}`,
	};
	ctx.tokens.push(foreign.webhookUrlToken);
	await instance.patchSettings(foreign);
	const snapshot = await instance.settings();
	const seq = await lastSeq(sandbox.requestsUrl);
	await activateWorkflow(http, ECHO_ID);
	const publication = await waitForPublication(http, ECHO_ID);
	const triggerId = triggerNode(readFixture('e2e-echo-bot')).id;
	const trigger = publication.triggers.find((t) => t.nodeId === triggerId);
	// n8n lists every node with a webhook() as a trigger, the GREEN-API action node too (Send and
	// Wait's answers come in through it); those "activate" without registering anything.
	const others = publication.triggers.filter((t) => t.nodeId !== triggerId);
	const failedAlone = publication.status === 'failed' || (publication.status === 'partial' && others.every((t) => t.status === 'activated'));
	expect(failedAlone && trigger?.status === 'failed', `activation did not fail: ${publication.status}`, publication);
	expect(trigger.errorMessage.includes(foreign.webhookUrl), 'the activation error does not name the foreign URL', trigger.errorMessage);
	// n8n 2.41 leaves the workflow published with a failed trigger; unpublishing must not touch the webhook either.
	await deactivateWorkflow(http, ECHO_ID);
	expect((await waitForPublication(http, ECHO_ID)).status === 'not_published', 'the echo bot did not unpublish');
	expect(sameJson(await instance.settings(), snapshot), 'the refused activation changed the settings', await instance.settings());
	const writes = await callsAfter(sandbox, seq, ['setSettings']);
	expect(!writes.length, `the refused activation called setSettings ${writes.length} time(s)`, writes);
	ctx.foreign = snapshot;
	pass(`activation refused: "${trigger.errorMessage}"; settings untouched, no setSettings`);
}

/** 2b: "Take Over Existing Webhook" takes the foreign webhook, and deactivation puts it back exactly. */
export async function checkTakeOver(ctx, http) {
	const { instance, foreign } = ctx;
	const url = productionUrl(baseUrl(ctx), TAKE_OVER_ID);
	await activateWorkflow(http, TAKE_OVER_ID);
	const taken = await settingsWhen(instance, 'Take Over sets the webhook', (s) => s.webhookUrl === url);
	const publication = await waitForPublication(http, TAKE_OVER_ID);
	expect(publication.status === 'published', `n8n reports the take-over bot as ${publication.status}`, publication);
	expect(/^[0-9a-f]{48}$/.test(taken.webhookUrlToken), 'Take Over did not set a fresh token', taken.webhookUrlToken.length);
	ctx.tokens.push(taken.webhookUrlToken);
	await deactivateWorkflow(http, TAKE_OVER_ID);
	const restored = await settingsWhen(instance, 'deactivation restores the foreign webhook', (s) => s.webhookUrl === foreign.webhookUrl);
	expect(sameJson(restored, foreign), 'the restored settings differ from the foreign ones', { restored, foreign });
	pass(`Take Over: activation moved the webhook to ${url}; deactivation restored ${foreign.webhookUrl}, its token and switches exactly`);
}

/** The queue trigger needs an empty webhook and incomingWebhook on; two messages wait in the queue. */
export async function fillQueue(ctx) {
	const { instance } = ctx;
	await instance.patchSettings({ webhookUrl: '', webhookUrlToken: '', incomingWebhook: 'yes' });
	expect((await instance.view()).pendingNotifications === 0, 'the notification queue is not empty before the queue trigger steps');
	const texts = [uniqueText('e2e queued first'), uniqueText('e2e queued second')];
	const messages = [];
	for (const text of texts) messages.push({ text, ...(await instance.incoming({ chatId: CHAT_ID, text })) });
	expect((await instance.view()).pendingNotifications === 2, 'the two messages did not reach the queue');
	ctx.queued = messages;
}

/** 4a: "Execute workflow" runs the queue trigger once: the oldest notification, the queue untouched. */
export async function checkQueueManualRun(ctx, http) {
	const { sandbox, instance, runtime, queued } = ctx;
	const seq = await lastSeq(sandbox.requestsUrl);
	const execution = await runFromEditor(http, QUEUE_ID, QUEUE_TRIGGER);
	expect(
		execution.status === 'success' && execution.mode === 'manual',
		`the manual run ended ${execution.mode}/${execution.status}`,
		execution.status,
	);
	const items = nodeItems(runtime, execution, QUEUE_TRIGGER);
	expect(
		items.length === 1 && items[0].idMessage === queued[0].idMessage && items[0].text === queued[0].text,
		'the manual run did not return the oldest notification',
		items,
	);
	expectNoTokens(JSON.stringify(execution), ctx.tokens, 'the manual queue-trigger execution');
	const calls = await callsAfter(sandbox, seq, ['receiveNotification', 'deleteNotification']);
	expect(
		calls.length === 1 && calls[0].method.toLowerCase() === 'receivenotification',
		'the manual run did more than one receiveNotification',
		calls,
	);
	expect((await instance.view()).pendingNotifications === 2, 'the manual run consumed notifications');
	await echoOf(sandbox, seq, queued[0].text);
	pass(`manual run (POST /rest/workflows/:id/run): 1 item, the oldest ("${queued[0].text}"), 1 receive, 0 deletes, both still queued`);
}

/** The receive → delete pattern of one drain in the request log, from its first receive. */
function drainPattern(calls) {
	return calls.map((c) => {
		if (c.method.toLowerCase() === 'deletenotification') return `delete ${c.extraPath[0]}`;
		return c.response ? `receive ${c.response.receiptId} (${c.response.body?.idMessage})` : 'receive null';
	});
}

/**
 * Polls run on the fixture's schedule: six minute-crons 10 s apart (n8n refuses sub-minute
 * crons, but not several minute ones). Activation itself polls at once; starting it well clear
 * of a scheduled poll keeps the two from overlapping.
 */
async function clearOfScheduledPoll() {
	const intoSlot = Date.now() % 10_000;
	if (intoSlot > 1000 && intoSlot < 6000) return;
	await new Promise((resolve) => setTimeout(resolve, (11_000 - intoSlot) % 10_000));
}

/** 4b: publishing polls at once and drains the queue: 2 messages → 2 echoes, queue empty. */
export async function checkQueueDrain(ctx, http) {
	const { sandbox, instance, runtime, queued } = ctx;
	await clearOfScheduledPoll();
	const seq = await lastSeq(sandbox.requestsUrl);
	await activateWorkflow(http, QUEUE_ID);
	for (const { text } of queued) await echoOf(sandbox, seq, text);
	const publication = await waitForPublication(http, QUEUE_ID);
	expect(publication.status === 'published', `n8n reports the queue echo bot as ${publication.status}`, publication);
	const calls = await callsAfter(sandbox, seq, ['receiveNotification', 'deleteNotification']);
	const expected = [
		`receive ${queued[0].notification.receiptId} (${queued[0].idMessage})`,
		`delete ${queued[0].notification.receiptId}`,
		`receive ${queued[1].notification.receiptId} (${queued[1].idMessage})`,
		`delete ${queued[1].notification.receiptId}`,
		'receive null',
	];
	expect(
		sameJson(drainPattern(calls).slice(0, 5), expected),
		'the drain did not receive and delete each notification once, then stop',
		drainPattern(calls),
	);
	expect((await instance.view()).pendingNotifications === 0, 'the queue is not empty after the drain');
	const [run] = await finishedRuns(http, QUEUE_ID, 'trigger', 1);
	const execution = await getExecution(http, run.id);
	const texts = nodeItems(runtime, execution, QUEUE_TRIGGER).map((item) => item.text);
	const expectedTexts = queued.map((q) => q.text);
	expect(
		execution.status === 'success' && sameJson(texts, expectedTexts),
		'the drain execution does not hold both messages in order',
		texts,
	);
	expectNoTokens(JSON.stringify(execution), ctx.tokens, 'the queue-trigger execution');
	pass(
		`activation polled at once: 2 receives + 2 deletes + 1 empty receive, execution ${execution.id} (${execution.mode}) echoed both, queue empty`,
	);
}

/** 4c: a message that arrives later is picked up by the next scheduled poll; then unpublish. */
export async function checkScheduledPoll(ctx, http) {
	const { sandbox, instance, runtime } = ctx;
	const seq = await lastSeq(sandbox.requestsUrl);
	const text = uniqueText('e2e scheduled');
	const { idMessage, notification } = await instance.incoming({ chatId: CHAT_ID, text });
	await echoOf(sandbox, seq, text, 25_000);
	const seconds = Math.ceil((Date.now() - Date.parse(notification.createdAt)) / 1000);
	const pattern = drainPattern(await callsAfter(sandbox, seq, ['receiveNotification', 'deleteNotification']));
	const at = pattern.indexOf(`receive ${notification.receiptId} (${idMessage})`);
	expect(
		at >= 0 && pattern[at + 1] === `delete ${notification.receiptId}` && pattern[at + 2] === 'receive null',
		'the scheduled poll did not receive, delete, then stop',
		pattern,
	);
	expect((await instance.view()).pendingNotifications === 0, 'the queue is not empty after the scheduled poll');
	// Polls that find nothing start no execution: this is the second run in trigger mode.
	const runs = await finishedRuns(http, QUEUE_ID, 'trigger', 2);
	const items = nodeItems(runtime, await getExecution(http, runs[0].id), QUEUE_TRIGGER);
	expect(runs.length === 2 && items.length === 1 && items[0].text === text, 'the scheduled poll did not start one run with the message', {
		runs,
		items,
	});
	await deactivateWorkflow(http, QUEUE_ID);
	expect((await waitForPublication(http, QUEUE_ID)).status === 'not_published', 'the queue echo bot did not unpublish');
	pass(`a scheduled poll (every 10 s) picked up "${text}" ${seconds} s after it arrived: execution ${runs[0].id} (trigger) echoed it`);
}
