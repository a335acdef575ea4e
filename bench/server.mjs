import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { ownerEnv } from '../scripts/lib/n8n.mjs';
import { waitFor } from '../scripts/lib/processes.mjs';
import { SANDBOX } from '../scripts/lib/sandbox.mjs';
import { activateWorkflow, deactivateWorkflow, loginRest, waitForPublication } from '../test/e2e/lib/rest.mjs';
import { median } from './lib/setup.mjs';
import {
	NATIVE_WEBHOOK_PATH,
	TRIGGER_WEBHOOK_ID,
	nativeWebhookWorkflow,
	queueTriggerWorkflow,
	webhookTriggerWorkflow,
} from './lib/workflows.mjs';

const TRIGGER_ID = 'benchHookTrigger1';
const NATIVE_ID = 'benchHookNative01';
const QUEUE_ID = 'benchQueueTrigg01';

/** POSTs `count` bodies to url, `concurrency` at a time; requests per second. */
async function post(url, bodies, concurrency, headers = {}) {
	let next = 0;
	const started = performance.now();
	const worker = async () => {
		while (next < bodies.length) {
			const body = bodies[next++];
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', ...headers },
				body: JSON.stringify(body),
			});
			await response.arrayBuffer();
			if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return bodies.length / ((performance.now() - started) / 1000);
}

/** Waits until a workflow has `count` finished executions; says how many it saw if they do not come. */
async function executionsDone(http, workflowId, count) {
	let seen = 0;
	try {
		await waitFor(
			`${count} executions of ${workflowId}`,
			async () => {
				const finished = await http.get('/rest/executions', {
					params: { filter: JSON.stringify({ workflowId, status: ['success', 'error', 'crashed', 'canceled'] }), limit: 1 },
				});
				seen = finished.data?.data?.count ?? 0;
				return seen >= count;
			},
			{ timeoutMs: 300_000, intervalMs: 500 },
		);
	} catch (error) {
		throw new Error(`${error.message} (n8n lists ${seen} finished)`);
	}
}

/**
 * In a running n8n: notifications per second the GREEN-API Trigger takes (token check, filter,
 * redelivery check, simplify, execution started) against n8n's own Webhook node taking the same
 * body, alternating; then how many requests the Queue Trigger spends per notification it drains.
 */
export async function measureServer(world, report, { deliveries = 200, concurrency = 4, rounds = 4, queued = 50 } = {}) {
	const instance = `/instances/${SANDBOX.idInstance}`;
	await world.importWorkflows([webhookTriggerWorkflow(TRIGGER_ID), nativeWebhookWorkflow(NATIVE_ID), queueTriggerWorkflow(QUEUE_ID)]);
	await world.sandboxControl('PATCH', `${instance}/settings`, { webhookUrl: '', webhookUrlToken: '', incomingWebhook: 'no' });
	const login = { email: 'bench@example.com', password: `Bench-${randomBytes(9).toString('base64url')}-1` };
	const server = world.n8n.spawn('start', {
		name: 'n8n',
		env: ownerEnv(world.runtime, login),
		logFile: join(world.workDir, 'n8n.log'),
	});
	await report.step('n8n start', () => world.n8n.waitReady(server));
	try {
		const http = await loginRest(world.n8n.url, login);
		for (const id of [TRIGGER_ID, NATIVE_ID]) {
			await activateWorkflow(http, id);
			await waitForPublication(http, id);
		}
		const triggerUrl = `${world.n8n.url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
		const settings = await waitFor(
			'the trigger to take the sandbox webhook',
			async () => {
				const current = await world.sandboxControl('GET', `${instance}/settings`);
				return current.webhookUrl === triggerUrl && current;
			},
			{ timeoutMs: 60_000 },
		);
		// A real notification body from the sandbox, made unique per delivery (the trigger drops redeliveries).
		const template = (await world.sandboxControl('POST', `${instance}/incoming`, { typeMessage: 'textMessage', text: 'bench' }))
			.notification;
		await executionsDone(http, TRIGGER_ID, 1);
		const bodies = (round) =>
			Array.from({ length: deliveries }, (_, i) => ({ ...template, idMessage: `BENCH${round}X${i}`, timestamp: template.timestamp + i }));

		const runs = [];
		let done = { trigger: 1, native: 0 };
		for (let round = 0; round < rounds; round++) {
			const nativeFirst = round % 2 === 1;
			const measured = {};
			for (const which of nativeFirst ? ['native', 'trigger'] : ['trigger', 'native']) {
				measured[which] =
					which === 'trigger'
						? await post(triggerUrl, bodies(round), concurrency, { Authorization: `Bearer ${settings.webhookUrlToken}` })
						: await post(`${world.n8n.url}/webhook/${NATIVE_WEBHOOK_PATH}`, bodies(round), concurrency);
				done = { ...done, [which]: done[which] + deliveries };
				await executionsDone(http, which === 'trigger' ? TRIGGER_ID : NATIVE_ID, done[which]);
			}
			runs.push(measured);
			report.info(
				`  round ${round + 1}: GREEN-API Trigger ${measured.trigger.toFixed(1)}/s, n8n Webhook node ${measured.native.toFixed(1)}/s`,
			);
		}
		for (const id of [TRIGGER_ID, NATIVE_ID]) await deactivateWorkflow(http, id);
		await waitFor(
			'the trigger to give the webhook back',
			async () => (await world.sandboxControl('GET', `${instance}/settings`)).webhookUrl === '',
			{
				timeoutMs: 60_000,
			},
		);

		// The queue fills only while no webhook is set and only with what the switches turn on.
		await world.sandboxControl('PATCH', `${instance}/settings`, { incomingWebhook: 'yes' });
		for (let i = 0; i < queued; i++)
			await world.sandboxControl('POST', `${instance}/incoming`, { typeMessage: 'textMessage', text: `queued ${i}` });
		await world.sandboxControl('DELETE', '/requests');
		await activateWorkflow(http, QUEUE_ID);
		await waitFor('the queue to drain', async () => (await world.sandboxControl('GET', instance)).pendingNotifications === 0, {
			timeoutMs: 120_000,
		});
		await executionsDone(http, QUEUE_ID, 1);
		await deactivateWorkflow(http, QUEUE_ID);
		const drained = (await world.sandboxControl('GET', '/requests')).filter((r) => /^(receive|delete)Notification$/.test(r.method));
		const perNotification = drained.length / queued;
		report.info(
			`  Queue Trigger: ${queued} notifications drained with ${drained.length} requests (${perNotification.toFixed(2)} per notification)`,
		);
		return {
			deliveries,
			concurrency,
			rounds,
			triggerPerSecond: median(runs.map((r) => r.trigger)),
			nativePerSecond: median(runs.map((r) => r.native)),
			ratio: median(runs.map((r) => r.trigger / r.native)),
			queued,
			queueRequests: drained.length,
			queuePerNotification: perNotification,
		};
	} finally {
		await world.processes.stop(server);
	}
}
