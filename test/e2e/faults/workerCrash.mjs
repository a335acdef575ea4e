import { readFileSync } from 'node:fs';

import { lastSeq } from '../lib/sandboxLog.mjs';
import { ECHO_ID } from '../triggers.mjs';
import { allExecutions, echoCounts, settledExecutions } from './counts.mjs';
import { inject, waitFor } from './drive.mjs';

/**
 * A worker dies (SIGKILL) in the middle of an execution: while its Send Text waits on a slow
 * sendMessage. What follows is n8n's own recovery in queue mode: n8n 2.41's Bull queue has
 * maxStalledCount 0, so the stalled job is failed, never run again, and no new execution is
 * created; the webhook process that enqueued it marks the execution "error" (MaxStalledCountError),
 * or the main process's queue recovery marks it "crashed". The package must not add anything to
 * it: the notification was delivered once, started one execution, and nothing runs it again.
 */
export async function workerCrash(suite, { label }) {
	const { sandbox, instance, report, workers } = suite;
	const before = new Set((await allExecutions(suite.http, ECHO_ID)).map((e) => e.id));
	const seq = await lastSeq(sandbox.requestsUrl);
	// The echo's sendMessage is held for 5 minutes: long enough to find and kill its worker.
	await sandbox.control('POST', '/faults', { method: 'sendMessage', latencyMs: 300_000, times: 1 });
	const text = `${label} message`;
	const [{ idMessage }] = await inject(instance, [text]);
	const inFlight = await waitFor(
		`${label}: the execution reaches Send Text`,
		async () => (await sandbox.control('GET', `/requests?method=sendMessage&afterSeq=${seq}`)).find((r) => r.status === 0),
		{ timeoutMs: 300_000 },
	);
	const [execution] = (await allExecutions(suite.http, ECHO_ID)).filter((e) => !before.has(e.id));
	const pattern = new RegExp(`Worker started execution ${execution.id} `);
	const victim = workers.find((w) => pattern.test(readFileSync(w.logFile, 'utf8')));
	if (!victim) throw new Error(`${label}: no worker log shows execution ${execution.id}`);
	await suite.processes.kill(victim, 'on purpose: a worker crash mid-execution');
	report.info(`${label}: killed ${victim.name} (SIGKILL) while execution ${execution.id} waited on sendMessage (request ${inFlight.seq})`);

	const [after] = await waitFor(
		`${label}: n8n's recovery settles execution ${execution.id}`,
		async () => {
			const list = (await allExecutions(suite.http, ECHO_ID)).filter((e) => e.id === execution.id);
			return list[0]?.stoppedAt && !['new', 'running'].includes(list[0].status) && list;
		},
		{ timeoutMs: 300_000, intervalMs: 2000 },
	);
	await sandbox.control('DELETE', '/faults');
	// A marker after the crash: once its run is done, anything the package started for the crashed message would show.
	const marker = `${label} marker`;
	await inject(instance, [marker]);
	await waitFor(`${label}: the marker's echo`, async () => (await echoCounts(sandbox, seq)).get(marker) === 1, { timeoutMs: 300_000 });
	const executions = await settledExecutions(suite.http, ECHO_ID, before, { timeoutMs: 300_000, what: `${label}: runs finish` });
	const notification = (await instance.notifications(1000)).find((n) => n.body?.idMessage === idMessage);
	const echoes = (await echoCounts(sandbox, seq)).get(text) ?? 0;
	const requests = await sandbox.control('GET', `/requests?method=sendMessage&afterSeq=${seq}`);
	const measured = {
		label,
		execution: execution.id,
		status: after.status,
		runsForMessage: executions.length - 1,
		deliveries: notification?.attempts.length,
		echoes,
		heldSend: requests.find((r) => r.seq === inFlight.seq)?.fault,
	};
	report.info(
		`${label}: execution ${execution.id} ended "${after.status}" (n8n's recovery); the message had ${measured.deliveries} delivery, ${measured.runsForMessage} execution, ${echoes} echo`,
	);
	const problems = [];
	const runs = executions.map((e) => `${e.id} ${e.status}`).join(', ');
	if (measured.runsForMessage !== 1)
		problems.push(`the message started ${measured.runsForMessage} executions (new executions with the marker's: ${runs})`);
	if (measured.deliveries !== 1) problems.push(`the sandbox delivered the message ${measured.deliveries} times`);
	if (echoes > 1) problems.push(`the message was echoed ${echoes} times`);
	if (after.status === 'success' && echoes !== 1) problems.push(`execution ${execution.id} succeeded without its echo`);
	return { measured, problems };
}
