import { readFileSync } from 'node:fs';

import { activateWorkflow, deactivateWorkflow, waitForPublication } from '../lib/rest.mjs';
import { lastSeq } from '../lib/sandboxLog.mjs';
import { QUEUE_ID } from '../triggers.mjs';
import { allExecutions, echoCounts, sample, settledExecutions, statusCounts, triggerItems } from './counts.mjs';
import { inject, waitFor, waitForProgress } from './drive.mjs';

const QUEUE_TRIGGER = 'GREEN-API Queue Trigger';

/**
 * receiveNotification and deleteNotification fail at random (seeded): 5xx answers and dropped
 * connections, before or after the sandbox did the work; both are a little slow, so a drain
 * takes long enough to be interrupted.
 */
function randomFaults(seed) {
	const rule = (method, fault, probability, offset) => ({ method, times: 0, probability, seed: seed + offset, ...fault });
	return [
		rule('receiveNotification', { status: 502 }, 0.08, 1),
		rule('receiveNotification', { status: 500, afterHandling: true }, 0.04, 2),
		rule('receiveNotification', { drop: true }, 0.04, 3),
		rule('receiveNotification', { drop: true, afterHandling: true }, 0.04, 4),
		rule('deleteNotification', { status: 500 }, 0.08, 5),
		rule('deleteNotification', { drop: true, afterHandling: true }, 0.06, 6),
		{ method: 'receiveNotification', latencyMs: 25, times: 0 },
		{ method: 'deleteNotification', latencyMs: 25, times: 0 },
	];
}

/**
 * `count` notifications wait in the queue; the Queue Trigger drains them while receive and
 * delete fail at random. Mid-drain, four things happen once each, at set shares of the queue
 * received: a receive fails more often than the trigger retries (25%), the workflow is
 * deactivated and activated again (45%), and the n8n process that polls is killed with SIGKILL
 * and started again (65%). Each notification must reach exactly one execution and be echoed
 * once. A run that died with the killed process is n8n's to recover: n8n marks it crashed at
 * restart, and its notifications count as held by n8n (retryable from the executions list), or
 * as arrived when the trigger receives them again into a run that did not crash.
 */
export async function queueDrain(suite, { label, count, seed }) {
	const { sandbox, instance, report } = suite;
	await sandbox.control('PATCH', `/instances/${instance.idInstance}/settings`, {
		webhookUrl: '',
		webhookUrlToken: '',
		incomingWebhook: 'yes',
	});
	const pendingBefore = (await instance.view()).pendingNotifications;
	if (pendingBefore) throw new Error(`${label}: ${pendingBefore} notification(s) already wait in the queue`);
	const before = new Set((await allExecutions(suite.http, QUEUE_ID)).map((e) => e.id));
	const seq = await lastSeq(sandbox.requestsUrl);
	const texts = Array.from({ length: count }, (_, i) => `${label} #${i + 1}`);
	const injected = await inject(instance, texts);
	const ids = new Set(injected.map((m) => m.idMessage));
	for (const fault of randomFaults(seed)) await sandbox.control('POST', '/faults', fault);
	const started = Date.now();
	await activateWorkflow(suite.http, QUEUE_ID);

	const events = [];
	const milestones = [
		[
			0.25,
			'a receive fails more often than the trigger retries',
			async () => {
				await sandbox.control('POST', '/faults', { method: 'receiveNotification', status: 502, times: 4 });
			},
		],
		[
			0.45,
			'the workflow is deactivated and activated again',
			async () => {
				await deactivateWorkflow(suite.http, QUEUE_ID);
				await waitFor('deactivation', async () => (await waitForPublication(suite.http, QUEUE_ID)).status === 'not_published', {
					timeoutMs: 180_000,
				});
				await activateWorkflow(suite.http, QUEUE_ID);
			},
		],
		[0.65, 'the n8n process that polls is killed (SIGKILL) and started again', () => suite.restartMain()],
	];
	const backoffs = () =>
		suite.logs.reduce((sum, file) => {
			try {
				return sum + readFileSync(file, 'utf8').split('Poll failed; backing off').length - 1;
			} catch {
				return sum;
			}
		}, 0);
	// The sandbox lists its latest records; every echo adds several of its own (the sent message and
	// its statuses), so the window grows until it holds every injected notification.
	let latest = count * 8 + 100;
	let seen = '';
	const received = async () => {
		for (;;) {
			const records = await instance.notifications(latest);
			const ours = records.filter((n) => ids.has(n.body?.idMessage));
			const states = ours.reduce((sum, n) => ({ ...sum, [n.state]: (sum[n.state] ?? 0) + 1 }), {});
			seen = `the sandbox's latest ${records.length} records hold ${ours.length} of the ${count} notifications: ${JSON.stringify(states)}`;
			if (ours.length === count || records.length < latest) return ours.filter((n) => n.timesReceived > 0).length;
			latest *= 2;
			report.info(`${label}: ${seen}; reading the latest ${latest}`);
		}
	};
	await waitForProgress(
		() =>
			`${label}: the Queue Trigger receives all ${count} notifications (${seen}; n8n logged "Poll failed; backing off" ${backoffs()} time(s): ` +
			'after a poll that throws, n8n 2.41 waits 5 s, doubling, or 30 min when it takes the error for a permanent one)',
		async () => ({ done: await received(), total: count }),
		{
			intervalMs: 250,
			onProgress: async (done) => {
				while (milestones.length && done >= milestones[0][0] * count) {
					const [share, what, act] = milestones.shift();
					const at = await received();
					await act();
					events.push(`${what} at ${at}/${count} received (${Math.round(share * 100)}% mark)`);
					report.info(`${label}: ${events.at(-1)}`);
				}
			},
		},
	);
	await waitForProgress(`${label}: the queue empties`, async () => ({
		done: count - (await instance.view()).pendingNotifications,
		total: count,
	}));
	await sandbox.control('DELETE', '/faults');
	const marker = `${label} marker`;
	await inject(instance, [marker]);
	await waitFor(`${label}: the marker's echo`, async () => (await echoCounts(sandbox, seq)).get(marker) === 1, { timeoutMs: 300_000 });
	const executions = await settledExecutions(suite.http, QUEUE_ID, before, {
		timeoutMs: 300_000,
		what: `${label}: n8n finishes every run`,
	});
	await deactivateWorkflow(suite.http, QUEUE_ID);
	const seconds = (Date.now() - started) / 1000;

	const echoes = await echoCounts(sandbox, seq);
	const items = await triggerItems(suite.http, suite.runtime, executions, QUEUE_TRIGGER);
	const crashedRuns = new Set(executions.filter((e) => e.status === 'crashed').map((e) => e.id));
	const runsOf = new Map();
	for (const [executionId, list] of items)
		for (const idMessage of list) runsOf.set(idMessage, [...(runsOf.get(idMessage) ?? []), executionId]);
	const liveRuns = (m) => (runsOf.get(m.idMessage) ?? []).filter((id) => !crashedRuns.has(id));
	const notInN8n = injected.filter((m) => !runsOf.has(m.idMessage)).map((m) => m.text);
	const inTwoRuns = injected.filter((m) => liveRuns(m).length > 1).map((m) => m.text);
	const echoedTwice = texts.filter((text) => echoes.get(text) > 1);
	// Held only by runs n8n marked crashed (they died with their process): n8n's recovery, retryable from its executions list.
	const onlyCrashed = injected.filter((m) => runsOf.has(m.idMessage) && !liveRuns(m).length);
	const notEchoed = injected.filter((m) => liveRuns(m).length && !echoes.get(m.text)).map((m) => m.text);
	const requests = await sandbox.control('GET', `/requests?afterSeq=${seq}`);
	const faulted = requests.filter((r) => /^(receive|delete)notification$/i.test(r.method) && r.fault && r.fault !== 'latency').length;
	const statuses = statusCounts(executions);
	// Runs whose trigger found the notification already held by another execution end without items.
	const stoppedCopies = [...items].filter(([id, list]) => !list.length && !crashedRuns.has(id)).length;
	const measured = {
		label,
		notifications: count,
		executions: executions.length,
		statuses,
		stoppedCopies,
		faultedCalls: faulted,
		events,
		notInN8n: notInN8n.length,
		twice: new Set([...inTwoRuns, ...echoedTwice]).size,
		onlyInCrashedRuns: onlyCrashed.length,
		seconds,
	};
	report.info(
		`${label}: ${count} notifications, ${faulted} receive/delete calls failed on purpose -> ${executions.length} executions ${JSON.stringify(statuses)} (${stoppedCopies} copies ended at the trigger); ` +
			`not in n8n ${notInN8n.length}, in two runs or echoed twice ${measured.twice}, only in runs n8n marked crashed ${onlyCrashed.length}, ${seconds.toFixed(0)} s`,
	);
	const problems = [];
	if (notInN8n.length) problems.push(`${notInN8n.length} notification(s) never reached an execution: ${sample(notInN8n)}`);
	if (inTwoRuns.length)
		problems.push(`${inTwoRuns.length} notification(s) reached two executions that did not crash: ${sample(inTwoRuns)}`);
	if (echoedTwice.length) problems.push(`${echoedTwice.length} notification(s) were echoed twice: ${sample(echoedTwice)}`);
	if (notEchoed.length)
		problems.push(`${notEchoed.length} notification(s) in a run that did not crash were not echoed: ${sample(notEchoed)}`);
	if (milestones.length) problems.push(`the drain ended before: ${milestones.map(([, what]) => what).join('; ')}`);
	return { measured, problems };
}
