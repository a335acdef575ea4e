import { AsyncLocalStorage } from 'node:async_hooks';
import { isDeepStrictEqual } from 'node:util';

import { PollContext, PollTriggerExecutor, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, type IDataObject, type INodeExecutionData, type INodeType, type IPollFunctions } from 'n8n-workflow';

import { readItemBinary } from './binaryData';
import { Container } from './container';
import { copyStaticData, createWorkflow, exclusive, prepareEngine, targetNode, type NodeUnderTest } from './engine';
import { captureLogs } from './logging';
import { runTriggeredExecution, type TriggeredRun } from './triggeredRun';

/**
 * What n8n does with an execution a poll hands over (`__emit`): `run` it; `discard` it, as the
 * durable scheduler does when the poll lost its lease (no execution, `donePromise` resolves
 * undefined); fail to start it with an Error (`donePromise` rejects); or run it while the poll
 * never hears back (`lost`: the process that polled died, a worker ran the execution).
 */
export type EmitOutcome = 'run' | 'discard' | 'lost' | Error;

export interface RunPollOptions extends NodeUnderTest {
	/**
	 * `trigger`: a scheduled poll of the active workflow. `manual`: "Execute workflow" in the
	 * editor, which n8n runs as a manual execution starting at the trigger.
	 */
	mode?: 'manual' | 'trigger';
	/**
	 * n8n 2.41 schedules polls in one of two ways (trigger-execution-context.factory):
	 * - `legacy` (the default): cron in the main process; the poll reads and changes the
	 *   workflow's static data in memory (`staticData`), and n8n saves it each time the poll
	 *   hands over an execution, before it creates that execution.
	 * - `durable` (N8N_SCHEDULER_ENABLED, ..._POLL_TRIGGERS_ENABLED, N8N_POLLER_DURABLE_CURSORS_ENABLED):
	 *   the poll works on a snapshot of the node's static data (the cursor, here `staticData`),
	 *   which n8n commits together with each execution the poll hands over, or after a poll that
	 *   returned nothing; getPollBudgetMs() tells the poll its time.
	 */
	scheduler?: 'legacy' | 'durable';
	/** getPollBudgetMs() under the durable scheduler; n8n's defaults give 36 s. */
	pollBudgetMs?: number;
	/** Activation's poll: n8n reports its error to the activation instead of recording it. */
	activation?: boolean;
	/** Called with a copy of the workflow's static data whenever n8n writes it to its database. */
	onPersist?: (staticData: IDataObject) => void;
	/**
	 * Decides the fate of each execution handed over, in order; default `run`. `pollAgain` starts
	 * the next scheduled poll of the same trigger now, while this one still runs, as n8n's
	 * default scheduler does when a poll outlasts the interval.
	 */
	onEmit?: (items: INodeExecutionData[], index: number, pollAgain: () => Promise<void>) => EmitOutcome | Promise<EmitOutcome>;
}

export interface PollExecution {
	/** What the poll handed over. */
	data: INodeExecutionData[][];
	/** The execution n8n ran for it; absent when it was discarded or failed to start. */
	execution?: TriggeredRun;
}

export interface RunPollResult {
	status: 'success' | 'error';
	/** What `poll()` returned: `null` when there is nothing new (or the poll started executions itself). */
	data: INodeExecutionData[][] | null;
	/**
	 * Main output 0 of what poll() returned; in manual mode, the trigger's output in the manual
	 * execution.
	 */
	items: INodeExecutionData[];
	/** Every hand-over to n8n in order: the ones poll() made itself, then its return value. */
	emitted: PollExecution[];
	/** The executions that ran, in the order they were handed over. */
	executions: TriggeredRun[];
	error?: Error;
	logs: string[];
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
}

const nodeKey = (name: string) => `node:${name}`;

async function manualRun(options: RunPollOptions): Promise<Pick<RunPollResult, 'data' | 'items' | 'error'>> {
	const node = targetNode(options, 0);
	const { workflow, additionalData } = createWorkflow(options, [node], {}, { [node.type]: options.node });
	// n8n's manual run from a trigger: the trigger first, with one empty item (WorkflowExecute.run).
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const run = await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const task = run.data.resultData.runData[node.name]?.[0];
	const data = task?.data?.main ? (task.data.main as INodeExecutionData[][]) : null;
	const error = task?.error ?? run.data.resultData.error;
	return { data, items: data?.[0] ?? [], error: error ?? undefined };
}

async function scheduledPoll(options: RunPollOptions): Promise<Omit<RunPollResult, 'status' | 'items' | 'logs' | 'binary'>> {
	const node = targetNode(options, 0);
	const database = options.staticData ?? {};
	// The node as n8n loads it, except that what poll() returns is noted.
	let returned: INodeExecutionData[][] | null = null;
	const polled = Object.create(options.node) as INodeType;
	polled.poll = async function (this: IPollFunctions) {
		returned = (await options.node.poll!.call(this)) ?? null;
		return returned;
	};
	const { workflow, additionalData } = createWorkflow({ ...options, staticData: database }, [node], {}, { [node.type]: polled });
	const durable = options.scheduler === 'durable';
	const persist = () => options.onPersist?.(copyStaticData(database));

	// The durable scheduler's staged cursor: a snapshot per poll, committed with an execution.
	const staging = new AsyncLocalStorage<{ snapshot: IDataObject; seed: IDataObject }>();
	const takeStagedCursor = (): IDataObject | null => {
		const staged = staging.getStore();
		if (!staged || isDeepStrictEqual(staged.snapshot, staged.seed)) return null;
		staged.seed = copyStaticData(staged.snapshot);
		return copyStaticData(staged.snapshot);
	};
	const commit = (cursor: IDataObject) => {
		database[nodeKey(node.name)] = cursor;
		persist();
	};

	const emitted: PollExecution[] = [];
	const running: Array<Promise<unknown>> = [];
	let recordedError: Error | undefined;

	const emit: IPollFunctions['__emit'] = (data, _response, done) => {
		const handed: PollExecution = { data };
		emitted.push(handed);
		const cursor = durable ? takeStagedCursor() : null;
		if (!durable) persist();
		let outcome: EmitOutcome = 'run';
		const execution = (async () => {
			outcome = await (options.onEmit?.(data[0] ?? [], emitted.length - 1, async () => await executePoll(false)) ?? 'run');
			if (outcome instanceof Error) throw outcome;
			if (outcome === 'discard') return undefined;
			if (cursor) commit(cursor);
			handed.execution = await runTriggeredExecution({ ...options, staticData: database }, node, data, 'trigger');
			return handed.execution.run;
		})();
		running.push(execution.catch(() => undefined));
		execution.then(
			(run) => outcome !== 'lost' && done?.resolve(run),
			(error: Error) => done?.reject(error),
		);
	};

	const context = new PollContext(
		workflow,
		node,
		additionalData,
		'trigger',
		options.activation ? 'activate' : 'update',
		emit,
		(error) => {
			recordedError = error;
		},
		async () => {
			const cursor = takeStagedCursor();
			if (cursor) commit(cursor);
		},
		durable
			? async (poll) => {
					const seed = copyStaticData(database[nodeKey(node.name)] as IDataObject | undefined);
					return await staging.run({ seed, snapshot: copyStaticData(seed) }, poll);
				}
			: undefined,
		durable
			? () => {
					const staged = staging.getStore();
					if (!staged) throw new Error('Poll node read its static data outside of a poll');
					return staged.snapshot;
				}
			: undefined,
		durable ? () => options.pollBudgetMs ?? 36_000 : undefined,
	);

	// n8n-core's own poll runner: staging scope, poll(), then __emit of the result or the cursor commit.
	const executePoll = Container.get(PollTriggerExecutor).create(workflow, node, context, () => true);
	let thrown: Error | undefined;
	try {
		await executePoll(options.activation === true);
	} catch (error) {
		thrown = error as Error;
	}
	// Each hand-over may start more (a poll can hand over while earlier executions still run).
	for (let settled = 0; settled < running.length; settled++) await running[settled];
	return {
		data: returned,
		emitted,
		executions: emitted.flatMap((handed) => (handed.execution ? [handed.execution] : [])),
		error: thrown ?? recordedError,
	};
}

/**
 * Runs the node's poll as n8n 2.41 does: a scheduled poll through n8n-core's PollTriggerExecutor
 * with the hand-over (`__emit`, `donePromise`, the staged cursor) n8n's trigger context factory
 * provides, under either scheduler; each execution handed over runs through n8n-core. A manual
 * run is n8n's manual execution starting at the trigger.
 */
export async function runPoll(options: RunPollOptions): Promise<RunPollResult> {
	return await exclusive(async () => {
		if (!options.node.poll) throw new Error(`${options.node.description.displayName} has no poll()`);
		await prepareEngine(options.binaryMode);
		const { result, logs } = await captureLogs(async () => {
			if (options.mode === 'manual') return { ...(await manualRun(options)), emitted: [], executions: [] };
			const polled = await scheduledPoll(options);
			return { ...polled, items: polled.data?.[0] ?? [] };
		});
		return {
			status: result.error ? 'error' : 'success',
			data: result.data,
			items: result.items,
			emitted: result.emitted,
			executions: result.executions,
			error: result.error,
			logs,
			binary: readItemBinary,
		};
	});
}
