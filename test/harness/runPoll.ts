import { PollContext } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';

import { readItemBinary } from './binaryData';
import { createWorkflow, exclusive, prepareEngine, targetNode, type NodeUnderTest } from './engine';
import { captureLogs } from './logging';

export interface RunPollOptions extends NodeUnderTest {
	/** `manual`: "Fetch Test Event" in the editor; `trigger`: a poll of the active workflow. */
	mode?: 'manual' | 'trigger';
}

export interface RunPollResult {
	status: 'success' | 'error';
	/** What `poll()` returned: `null` when there is nothing new. */
	data: INodeExecutionData[][] | null;
	/** Main output 0, empty when `poll()` returned `null` or threw. */
	items: INodeExecutionData[];
	error?: Error;
	logs: string[];
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
}

/** Calls the node's `poll()` once with n8n-core's own PollContext, as the poll scheduler does. */
export async function runPoll(options: RunPollOptions): Promise<RunPollResult> {
	return await exclusive(async () => {
		const { poll } = options.node;
		if (!poll) throw new Error(`${options.node.description.displayName} has no poll()`);
		await prepareEngine(options.binaryMode);

		const node = targetNode(options, 0);
		const types = { [node.type]: options.node };
		const { workflow, additionalData } = createWorkflow(options, [node], {}, types);
		const mode = options.mode ?? 'trigger';
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'activate',
		);

		const { result, logs } = await captureLogs<{
			data?: INodeExecutionData[][] | null;
			error?: Error;
		}>(async () => {
			try {
				return { data: await poll.call(context) };
			} catch (error) {
				return { error: error as Error };
			}
		});
		const data = result.data ?? null;
		return {
			status: result.error ? 'error' : 'success',
			data,
			items: data?.[0] ?? [],
			error: result.error,
			logs,
			binary: readItemBinary,
		};
	});
}
