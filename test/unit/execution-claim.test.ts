import type { IDeduplicationOutput, IExecuteFunctions, WorkflowExecuteMode } from 'n8n-workflow';

import { claimExecution } from '../../nodes/GreenApi/trigger/executionClaim';

type Record = (items: string[]) => Promise<IDeduplicationOutput>;

let workflows = 0;

/**
 * An execution's step as claimExecution sees it. `record` stands for n8n's database record: like
 * n8n's DeduplicationHelper it reads the row, awaits, then writes the whole row back.
 */
function execution(options: { mode?: WorkflowExecuteMode; record?: Record | null; workflowId?: string }) {
	const warnings: string[] = [];
	const ctx = {
		getMode: () => options.mode ?? 'webhook',
		getWorkflow: () => ({ id: options.workflowId ?? 'claims', active: true }),
		getNode: () => ({ id: 'trigger-id', name: 'GREEN-API Trigger' }),
		logger: { warn: (message: string) => warnings.push(message) },
		helpers: options.record === null ? {} : { checkProcessedAndRecord: options.record },
	} as unknown as IExecuteFunctions;
	return { ctx, warnings };
}

/** n8n's record: read, a database round trip, write back the row as read plus the new entries. */
function unlockedRecord(): { record: Record; row: string[]; calls: number } {
	const state = { row: [] as string[], calls: 0, record: undefined as unknown as Record };
	state.record = async (items) => {
		state.calls++;
		const read = [...state.row];
		await new Promise((resolve) => setTimeout(resolve, 5));
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) (read.includes(item) ? output.processed : output.new).push(item);
		state.row = [...read, ...output.new.map(String)];
		return output;
	};
	return state;
}

describe('claimExecution: one execution per notification across n8n processes', () => {
	let workflowId: string;
	beforeEach(() => {
		workflowId = `claims-${++workflows}`;
	});

	it('lets the first execution of a notification go on and ends a copy that another process started', async () => {
		const database = unlockedRecord();
		const here = execution({ workflowId, record: database.record });
		expect(await claimExecution(here.ctx, 'k1')).toBe(true);
		// Another process has its own memory but the same database: loaded fresh.
		let elsewhere: typeof claimExecution | undefined;
		jest.isolateModules(() => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			elsewhere = (require('../../nodes/GreenApi/trigger/executionClaim') as { claimExecution: typeof claimExecution }).claimExecution;
		});
		expect(await elsewhere!(execution({ workflowId, record: database.record }).ctx, 'k1')).toBe(false);
		expect(await elsewhere!(execution({ workflowId, record: database.record }).ctx, 'k2')).toBe(true);
	});

	it('ends a copy in the same process before asking the database, even while the first one is still recording', async () => {
		const database = unlockedRecord();
		const results = await Promise.all([1, 2, 3].map(() => claimExecution(execution({ workflowId, record: database.record }).ctx, 'same')));
		expect(results).toEqual([true, false, false]);
		expect(database.calls).toBe(1);
	});

	it('writes one record after another in a process, so concurrent executions of different notifications lose none', async () => {
		const database = unlockedRecord();
		const keys = Array.from({ length: 20 }, (_, i) => `n${i}`);
		expect(await Promise.all(keys.map((key) => claimExecution(execution({ workflowId, record: database.record }).ctx, key)))).toEqual(
			keys.map(() => true),
		);
		expect(database.row.sort()).toEqual([...keys].sort());
	});

	it('claims nothing for a manual test or a retry the user asked for', async () => {
		const database = unlockedRecord();
		for (const mode of ['manual', 'retry', 'manual'] as const) {
			expect(await claimExecution(execution({ workflowId, mode, record: database.record }).ctx, 'asked')).toBe(true);
		}
		expect(database.calls).toBe(0);
		expect(await claimExecution(execution({ workflowId, mode: 'trigger', record: database.record }).ctx, 'asked')).toBe(true);
		expect(await claimExecution(execution({ workflowId, mode: 'trigger', record: database.record }).ctx, 'asked')).toBe(false);
	});

	it('goes on, with a warning, when the database record fails: a second run is better than a lost message', async () => {
		const failing = execution({
			workflowId,
			record: async () => {
				throw new Error('SQLITE_BUSY: database is locked');
			},
		});
		expect(await claimExecution(failing.ctx, 'k')).toBe(true);
		expect(failing.warnings.join('\n')).toMatch(/could not check n8n's record of started notifications.*SQLITE_BUSY/);
		// The next record still runs: a failed one does not block the chain.
		const database = unlockedRecord();
		expect(await claimExecution(execution({ workflowId, record: database.record }).ctx, 'after')).toBe(true);
		expect(database.calls).toBe(1);
	});

	it('keeps the claim within the process where n8n offers no record (versions before the deduplication helpers)', async () => {
		expect(await claimExecution(execution({ workflowId, record: null }).ctx, 'k')).toBe(true);
		expect(await claimExecution(execution({ workflowId, record: null }).ctx, 'k')).toBe(false);
	});
});
