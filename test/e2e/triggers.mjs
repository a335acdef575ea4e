import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import axios from 'axios';

import { REPO_DIR } from '../../scripts/lib/paths.mjs';
import { waitFor } from '../../scripts/lib/processes.mjs';
import { REQUEST_MS, STATE_MS } from './lib/bounds.mjs';
import { expect, expectNoTokens, pass } from './lib/expect.mjs';
import {
	activateWorkflow,
	deactivateWorkflow,
	executionsOf,
	getExecution,
	getWorkflow,
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
export const QUEUE_ID = 'greenApiE2eQueue01';
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
const settingsWhen = (instance, what, match, timeoutMs = STATE_MS) =>
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
const echoOf = (sandbox, seq, text, timeoutMs = STATE_MS) =>
	waitFor(
		`the echo of "${text}"`,
		async () => {
			const sends = await callsAfter(sandbox, seq, ['sendMessage']);
			return sends.find((call) => call.json?.message === `echo: ${text}`);
		},
		{ timeoutMs },
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
		const response = await axios.post(url, notification, { headers, timeout: REQUEST_MS, validateStatus: () => true });
		expect(response.status === 401, `a POST with ${what} answered ${response.status}, expected 401`, response.data);
		expectNoTokens(JSON.stringify(response.data), ctx.tokens, 'the 401 answer');
	}
	ctx.echoExecutionsBefore = before;
	pass('a POST to the production URL without the token, with a wrong token, or without "Bearer" gets 401');
}

/** A body n8n cannot parse as JSON gets n8n's own 422 before the trigger runs, token or not, and starts nothing. */
export async function checkUnparsableBody(ctx, http) {
	const url = productionUrl(baseUrl(ctx), ECHO_ID);
	const before = (await executionsOf(http, ECHO_ID)).length;
	for (const headers of [{}, { authorization: `Bearer ${ctx.webhookToken}` }]) {
		const response = await axios.post(url, '{"typeWebhook": "incomingMessageReceived",', {
			headers: { ...headers, 'content-type': 'application/json' },
			timeout: 10_000,
			validateStatus: () => true,
			transformRequest: [(data) => data],
		});
		expect(response.status === 422, `an unparsable JSON body answered ${response.status}, expected n8n's 422`, response.data);
		expectNoTokens(JSON.stringify(response.data), ctx.tokens, 'the 422 answer');
	}
	expect((await executionsOf(http, ECHO_ID)).length === before, 'an unparsable body started an execution');
	pass("an unparsable JSON body gets n8n's 422 (with or without the token) and starts nothing");
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
		{ timeoutMs: STATE_MS },
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
		{ timeoutMs: STATE_MS },
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
		timeout: REQUEST_MS,
		validateStatus: () => true,
	});
	expect(again.status === 200, `the redelivery answered ${again.status}`, again.data);
	expectNoTokens(JSON.stringify(again.data), ctx.tokens, 'the answer to a delivery');
	// A marker message after the redelivery: the sandbox delivers in order, and n8n creates a run
	// for a delivery before it handles the next one, so once the marker's run has finished, a run
	// the redelivery started would be listed too.
	const marker = uniqueText('e2e marker');
	await instance.incoming({ chatId: CHAT_ID, text: marker });
	await echoOf(sandbox, seq, marker);
	const runs = await waitFor(
		'the marker run',
		async () => {
			const list = await executionsOf(http, ECHO_ID);
			return list.length > before && list.every((e) => e.stoppedAt) && list;
		},
		{ timeoutMs: STATE_MS },
	);
	const echoes = (await callsAfter(sandbox, seq, ['sendMessage'])).filter((c) => c.json?.message === `echo: ${text}`);
	expect(
		echoes.length === 1 && runs.length - before === 1,
		`a redelivered notification started the echo bot again (${runs.length - before - 1} extra run(s), ${echoes.length} echoes)`,
	);
	pass('a redelivered notification (same body, valid token) answers 200 and starts nothing');
	// What n8n shows of the workflow (static data included) must not let anyone post notifications.
	const workflow = await getWorkflow(http, ECHO_ID);
	const stored = workflow.staticData?.[`node:${TRIGGER}`] ?? {};
	expect(
		stored.webhookTokenHash === createHash('sha256').update(ctx.webhookToken).digest('hex'),
		'the static data does not hold the hash of the webhook token',
		Object.keys(stored),
	);
	expectNoTokens(JSON.stringify(workflow), ctx.tokens, 'the workflow as n8n shows it');
	pass('the workflow n8n shows holds a SHA-256 of the webhook token, never the token');
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
	const failedAlone =
		publication.status === 'failed' || (publication.status === 'partial' && others.every((t) => t.status === 'activated'));
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

/** Trigger-mode runs of the queue echo bot that are not in `before`, once none is running any more. */
const newTriggerRuns = (http, before, atLeast) =>
	waitFor(
		`${atLeast} finished trigger run(s) of the queue echo bot`,
		async () => {
			const runs = (await executionsOf(http, QUEUE_ID)).filter((e) => e.mode === 'trigger' && !before.has(e.id));
			return runs.length >= atLeast && runs.every((e) => e.stoppedAt) && runs;
		},
		{ timeoutMs: STATE_MS },
	);

/** The messages (idMessage) the Queue Trigger put into these runs, and whether each run succeeded. */
async function runItems(ctx, http, runs) {
	const items = [];
	for (const run of runs) {
		const execution = await getExecution(http, run.id);
		expect(execution.status === 'success', `queue-trigger run ${run.id} ended ${execution.status}`, execution.status);
		expectNoTokens(JSON.stringify(execution), ctx.tokens, 'the queue-trigger execution');
		items.push(...nodeItems(ctx.runtime, execution, QUEUE_TRIGGER).map((item) => item.idMessage));
	}
	return items;
}

/** Each receipt's successful deleteNotification calls after seq. */
async function deletesOf(sandbox, seq, receiptIds) {
	const deletes = (await callsAfter(sandbox, seq, ['deleteNotification'])).filter((c) => c.status === 200 && c.response?.result === true);
	return receiptIds.map((id) => deletes.filter((c) => c.extraPath[0] === String(id)).length);
}

const echoCount = async (sandbox, seq, text) =>
	(await callsAfter(sandbox, seq, ['sendMessage'])).filter((c) => c.status === 200 && c.json?.message === `echo: ${text}`).length;

/**
 * 4b: publishing drains the queue: each waiting message reaches one run and one echo, each
 * notification is deleted once, the queue ends empty. (Activation polls at once; a scheduled poll
 * may share the work, so the runs are counted, not their order.)
 */
export async function checkQueueDrain(ctx, http) {
	const { sandbox, instance, queued } = ctx;
	const seq = await lastSeq(sandbox.requestsUrl);
	const before = new Set((await executionsOf(http, QUEUE_ID)).map((e) => e.id));
	await activateWorkflow(http, QUEUE_ID);
	for (const { text } of queued) await echoOf(sandbox, seq, text);
	const publication = await waitForPublication(http, QUEUE_ID);
	expect(publication.status === 'published', `n8n reports the queue echo bot as ${publication.status}`, publication);
	await waitFor('the queue to empty', async () => (await instance.view()).pendingNotifications === 0, { timeoutMs: STATE_MS });
	const deletes = await deletesOf(
		sandbox,
		seq,
		queued.map((q) => q.notification.receiptId),
	);
	expect(sameJson(deletes, [1, 1]), 'each queued notification was not deleted exactly once', deletes);
	const runs = await newTriggerRuns(http, before, 1);
	const items = await runItems(ctx, http, runs);
	expect(sameJson([...items].sort(), queued.map((q) => q.idMessage).sort()), 'the drain runs do not hold each queued message once', {
		items,
		queued: queued.map((q) => q.idMessage),
	});
	for (const { text } of queued) expect((await echoCount(sandbox, seq, text)) === 1, `"${text}" was not echoed exactly once`);
	pass(
		`publishing drained the queue: both messages in ${runs.length} trigger run(s), echoed once each, each notification deleted once, queue empty`,
	);
}

/** 4c: a message that arrives later is picked up by a scheduled poll; then unpublish. */
export async function checkScheduledPoll(ctx, http) {
	const { sandbox, instance } = ctx;
	const seq = await lastSeq(sandbox.requestsUrl);
	const before = new Set((await executionsOf(http, QUEUE_ID)).map((e) => e.id));
	const text = uniqueText('e2e scheduled');
	const { idMessage, notification } = await instance.incoming({ chatId: CHAT_ID, text });
	await echoOf(sandbox, seq, text);
	const seconds = Math.ceil((Date.now() - Date.parse(notification.createdAt)) / 1000);
	await waitFor('the queue to empty', async () => (await instance.view()).pendingNotifications === 0, { timeoutMs: STATE_MS });
	expect(sameJson(await deletesOf(sandbox, seq, [notification.receiptId]), [1]), 'the notification was not deleted exactly once');
	const runs = await newTriggerRuns(http, before, 1);
	const items = await runItems(ctx, http, runs);
	expect(sameJson(items, [idMessage]), 'the scheduled poll did not put the message into one run', { runs, items });
	await deactivateWorkflow(http, QUEUE_ID);
	expect((await waitForPublication(http, QUEUE_ID)).status === 'not_published', 'the queue echo bot did not unpublish');
	expect((await echoCount(sandbox, seq, text)) === 1, `"${text}" was not echoed exactly once`);
	pass(`a scheduled poll (every 10 s) picked up "${text}" ${seconds} s after it arrived: ${runs.length} trigger run, echoed once`);
}
