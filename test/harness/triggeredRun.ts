import { WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, type INode, type INodeExecutionData, type IRun, type WorkflowExecuteMode } from 'n8n-workflow';

import { copyStaticData, createWorkflow, type NodeUnderTest } from './engine';

export interface TriggeredRun {
	run: IRun;
	status: IRun['status'];
	/** The trigger node's output in the execution: what the workflow's next node receives. */
	items: INodeExecutionData[];
}

/**
 * Runs the execution n8n starts for a trigger's data (WorkflowExecutionService.runWorkflow, the
 * webhook helpers): a fresh copy of the workflow with the trigger node first and `data` as its
 * input. n8n-core then runs the trigger's execute() when it has one, else passes the data on.
 */
export async function runTriggeredExecution(
	test: NodeUnderTest,
	node: INode,
	data: INodeExecutionData[][],
	mode: WorkflowExecuteMode,
): Promise<TriggeredRun> {
	const copy = { ...test, staticData: copyStaticData(test.staticData) };
	const { workflow, additionalData } = createWorkflow(copy, [node], {}, { [node.type]: test.node });
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: data }, source: null }] },
	});
	const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	return { run, status: run.status, items: run.data.resultData.runData[node.name]?.[0]?.data?.main?.[0] ?? [] };
}
