import { waitFor } from '../../../scripts/lib/processes.mjs';
import { lastSeq } from '../lib/sandboxLog.mjs';
import { ECHO_ID } from '../triggers.mjs';
import { allExecutions, echoCounts, sample, settledExecutions, statusCounts, triggerItems } from './counts.mjs';
import { inject, waitForProgress } from './drive.mjs';

const TRIGGER = 'GREEN-API Trigger';

/** The sandbox's delivery faults in this test: roughly one notification in ten gets each. */
export const DELIVERY_FAULTS = { overlap: 0.1, overlapGapMs: 20, resend: 0.1, resendGapMs: 300, slow: 0.1, slowTimeoutMs: 80 };

const dbRuns = async (suite, before) =>
	suite.db
		? Number(await suite.db.query(`select count(*) from execution_entity where "workflowId" = '${ECHO_ID}'`)) - before.size
		: undefined;

/**
 * A POST the sandbox gave up on is still processed by n8n and can become a run after the
 * marker's. Every run echoes once, so this waits (bounded) until n8n lists, finished, as many
 * runs as the sandbox saw echoes, and PostgreSQL as many as the REST API; then returns them. On
 * timeout it returns what is listed, and the checks report the difference.
 */
async function everyRunListed(suite, { label, before, seq }) {
	let latest = [];
	await waitFor(
		`${label}: every run that echoed is listed`,
		async () => {
			latest = (await allExecutions(suite.http, ECHO_ID)).filter((e) => !before.has(e.id));
			if (latest.some((e) => !e.stoppedAt)) return false;
			const echoed = [...(await echoCounts(suite.sandbox, seq)).values()].reduce((sum, n) => sum + n, 0);
			const db = await dbRuns(suite, before);
			return latest.length >= echoed && (db === undefined || db === latest.length);
		},
		{ timeoutMs: 120_000, intervalMs: 1500 },
	).catch((error) => suite.report.warn(error.message));
	return latest;
}

/**
 * `count` incoming messages reach the echo bot through the sandbox's webhook while it sends
 * copies: overlapping ones, resends after the 200, and resends of POSTs it gave up early. Counts
 * the echoes (the workflow's own sendMessage calls) per message and n8n's executions.
 *
 * spread: copies may reach different webhook processes (round-robin proxy). Then nothing may be
 * lost, duplicates are measured, and a duplicate is allowed only where copies of that message
 * reached more than one process. Otherwise each message must start exactly one execution.
 */
export async function webhookDelivery(suite, { label, count, seed, spread = false }) {
	const { sandbox, instance, report } = suite;
	const routing = spread
		? 'copies spread over both webhook processes'
		: suite.proxy
			? 'copies to the same webhook process'
			: 'one n8n process';
	const before = new Set((await allExecutions(suite.http, ECHO_ID)).map((e) => e.id));
	const seq = await lastSeq(sandbox.requestsUrl);
	suite.proxy?.setMode(spread ? 'round-robin' : 'sticky');
	const forwardedFrom = suite.proxy?.forwarded.length ?? 0;
	await sandbox.control('PUT', '/delivery-faults', { seed, ...DELIVERY_FAULTS });
	const started = Date.now();

	const texts = Array.from({ length: count }, (_, i) => `${label} #${i + 1}`);
	const injected = await inject(instance, texts);
	const ids = new Set(injected.map((m) => m.idMessage));
	// The sandbox also records the echoes' own (switched-off) notifications: about five per message.
	const notifications = async () => (await instance.notifications(count * 8 + 100)).filter((n) => ids.has(n.body?.idMessage));
	await waitForProgress(
		`${label}: the sandbox delivers all ${count} notifications`,
		async () => {
			const list = await notifications();
			return { done: list.filter((n) => n.state === 'delivered').length, total: count };
		},
		{ intervalMs: 2000 },
	);
	const planned = (await sandbox.control('GET', '/delivery-faults')).planned;
	await sandbox.control('DELETE', '/delivery-faults');
	const records = await notifications();
	const posts = records.reduce((sum, n) => sum + n.attempts.length, 0);

	// A last message after the faults: it is delivered after every copy, so once its run is done,
	// any run a copy started has been created too.
	const marker = `${label} marker`;
	await inject(instance, [marker]);
	await waitFor(`${label}: the marker's echo`, async () => (await echoCounts(sandbox, seq)).get(marker) === 1, { timeoutMs: 300_000 });
	await settledExecutions(suite.http, ECHO_ID, before, { timeoutMs: 300_000, what: `${label}: n8n finishes every run` });
	const executions = await everyRunListed(suite, { label, before, seq });
	const seconds = (Date.now() - started) / 1000;

	const echoes = await echoCounts(sandbox, seq);
	const lost = texts.filter((text) => !echoes.get(text));
	const duplicated = texts.filter((text) => echoes.get(text) > 1);
	const extraEchoes = duplicated.reduce((sum, text) => sum + echoes.get(text) - 1, 0);
	const statuses = statusCounts(executions);
	const messageRuns = executions.length - 1; // the marker's run aside
	// A copy whose execution found the notification already held by another ends at the trigger
	// without items (the trigger's record in n8n's database): started, but it ran nothing.
	const items = await triggerItems(suite.http, suite.runtime, executions, TRIGGER);
	const stoppedCopies = [...items.values()].filter((list) => list.length === 0).length;
	const byText = new Map(injected.map((m) => [m.text, m.idMessage]));

	// Where the copies of each duplicated message went.
	const forwarded = suite.proxy?.forwarded.slice(forwardedFrom) ?? [];
	const processesOf = (text) => new Set(forwarded.filter((f) => f.idMessage === byText.get(text)).map((f) => f.upstream)).size;
	const sameProcessDuplicates = suite.proxy ? duplicated.filter((text) => processesOf(text) < 2) : duplicated;
	const crossProcessCopies = suite.proxy ? texts.filter((text) => processesOf(text) > 1).length : 0;

	const dbCount = await dbRuns(suite, before);
	const measured = {
		label,
		routing,
		messages: count,
		posts,
		copies: posts - count,
		planned,
		executions: messageRuns,
		stoppedCopies,
		statuses,
		lost: lost.length,
		duplicated: duplicated.length,
		extraEchoes,
		crossProcessCopies,
		crossProcessDuplicates: duplicated.length - sameProcessDuplicates.length,
		dbExecutions: dbCount === undefined ? undefined : dbCount - 1,
		seconds,
	};
	report.info(
		`${label}: ${count} messages, ${posts} POSTs from the sandbox (${planned.overlap} overlapping copies, ${planned.resend} resends after the 200, ${planned.slow} slow answers given up) -> ` +
			`${messageRuns} executions ${JSON.stringify(statuses)} (${stoppedCopies} copies ended at the trigger), lost ${lost.length}, duplicated ${duplicated.length} (${extraEchoes} extra runs` +
			(suite.proxy
				? `; ${crossProcessCopies} messages had copies on both processes, ${duplicated.length - sameProcessDuplicates.length} of them ran twice`
				: '') +
			`), ${seconds.toFixed(0)} s`,
	);

	const problems = [];
	if (lost.length) problems.push(`${lost.length} message(s) never reached the workflow: ${sample(lost)}`);
	const failedRuns = executions.length - (statuses.success ?? 0);
	if (failedRuns) problems.push(`${failedRuns} execution(s) did not succeed: ${JSON.stringify(statuses)}`);
	if (spread) {
		if (sameProcessDuplicates.length) {
			problems.push(
				`${sameProcessDuplicates.length} message(s) ran twice although all their copies reached one process: ${sample(sameProcessDuplicates)}`,
			);
		}
	} else if (duplicated.length) {
		problems.push(`${duplicated.length} message(s) started more than one execution (${extraEchoes} extra): ${sample(duplicated)}`);
	}
	if (messageRuns !== count + extraEchoes + stoppedCopies) {
		problems.push(
			`n8n has ${messageRuns} executions for ${count} messages, but their echoes and the copies that ended at the trigger account for ${count - lost.length + extraEchoes + stoppedCopies}`,
		);
	}
	if (dbCount !== undefined && dbCount !== executions.length)
		problems.push(`PostgreSQL counts ${dbCount} executions, the REST API ${executions.length}`);
	return { measured, problems };
}
