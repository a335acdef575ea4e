import { WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, type ExecutionError, type INodeExecutionData, type IRun, type Workflow } from 'n8n-workflow';

import { readItemBinary } from './binaryData';
import { createNode, createWorkflow, exclusive, prepareEngine, targetNode, type NodeUnderTest } from './engine';
import { captureLogs } from './logging';
import { MANUAL_TRIGGER_TYPE, SOURCE_TYPE, manualTrigger, sourceNode, type InputItem } from './nodeTypes';

export interface RunNodeOptions extends NodeUnderTest {
	/** Items the node under test receives; default one empty item. */
	input?: InputItem[];
	/** The node setting "On Error: Continue" (`onError: 'continueRegularOutput'`). */
	continueOnFail?: boolean;
}

export interface RunNodeResult {
	status: 'success' | 'error';
	/** Main output 0 of the node under test. */
	items: INodeExecutionData[];
	/** The node's error, or the run's when the node never ran. */
	error?: ExecutionError;
	/** The run as n8n persists it (errors through their toJSON), to search for secrets. */
	serialized: string;
	/** Everything n8n logged during the run, one line per call: `level: message {metadata}`. */
	logs: string[];
	/** Reads an output file in either binary data mode. */
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
	run: IRun;
	workflow: Workflow;
}

async function execute(options: RunNodeOptions): Promise<RunNodeResult> {
	await prepareEngine(options.binaryMode);
	const trigger = createNode('Manual Trigger', MANUAL_TRIGGER_TYPE, 0);
	const source = createNode('Input', SOURCE_TYPE, 200);
	const target = targetNode(options, 400, options.continueOnFail ? { onError: 'continueRegularOutput' } : {});
	const link = (to: string) => ({ main: [[{ node: to, type: 'main' as const, index: 0 }]] });

	const { workflow, additionalData } = createWorkflow(
		options,
		[trigger, source, target],
		{ [trigger.name]: link(source.name), [source.name]: link(target.name) },
		{
			[MANUAL_TRIGGER_TYPE]: manualTrigger,
			[SOURCE_TYPE]: sourceNode(options.input ?? [{ json: {} }]),
			[target.type]: options.node,
		},
	);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const { result: run, logs } = await captureLogs(
		async () => await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow),
	);
	const task = run.data.resultData.runData[target.name]?.[0];
	return {
		status: run.status === 'success' ? 'success' : 'error',
		items: task?.data?.main?.[0] ?? [],
		error: task?.error ?? run.data.resultData.error,
		serialized: JSON.stringify(run),
		logs,
		binary: readItemBinary,
		run,
		workflow,
	};
}

/** Runs `Manual Trigger → Input → node under test` through n8n-core's WorkflowExecute. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	return await exclusive(async () => await execute(options));
}
