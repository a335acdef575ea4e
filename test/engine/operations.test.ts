import type { INodeParameters } from 'n8n-workflow';

import { GreenApi } from '../../nodes/GreenApi/GreenApi.node';
import { CATALOGUE } from '../../nodes/GreenApi/catalogue';
import { removeBinaryDataStorage, runNode, type BinaryMode } from '../harness';
import { CASES, type OperationCase } from './operations/cases';
import { contractOf, expectContractShape, METHODS } from './operations/contract';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

let world: SandboxWorld;

beforeAll(async () => {
	// A restart the node asks for (reboot, setSettings) stays under way while its output is checked.
	world = await startWorld({ restartDelayMs: 60_000 });
});

afterAll(async () => {
	await world.sandbox.close();
	removeBinaryDataStorage();
});

beforeEach(() => world.sandbox.reset());

it('has a case for every operation, and every operation for every contract method', () => {
	const contract = METHODS.filter((m) => m.verb !== 'WS')
		.map((m) => m.name)
		.sort();
	// Operations with their own runner have their own suites: send-and-wait, live-qr.
	expect(
		CATALOGUE.filter((entry) => !entry.run)
			.map((entry) => entry.method)
			.sort(),
	).toEqual(contract);
	expect(
		CATALOGUE.filter((entry) => entry.run)
			.map((entry) => entry.method)
			.sort(),
	).toEqual(['scanqrcode', 'sendAndWait']);
	expect(CASES.map((c) => c.method).sort()).toEqual(contract);
});

it('checks the output of every operation', () => {
	const unchecked = CATALOGUE.filter((entry) => !entry.run)
		.map((entry) => entry.method)
		.filter((method) => typeof CASES.find((c) => c.method === method)?.expectOutput !== 'function');
	expect(unchecked).toEqual([]);
});

const runs: Array<[string, OperationCase, BinaryMode]> = CASES.flatMap((c) =>
	(c.binary ? (['default', 'filesystem'] as const) : (['default'] as const)).map(
		(mode) => [`${c.method}${c.binary ? ` (${mode} binary mode)` : ''}`, c, mode] as [string, OperationCase, BinaryMode],
	),
);

describe.each(runs)('%s', (_label, testCase, binaryMode) => {
	it('sends the request methods.json describes and outputs the answer', async () => {
		const entry = CATALOGUE.find((e) => e.method === testCase.method)!;
		const prepared = (await testCase.setup?.(world)) ?? {};
		const mark = world.sandbox.requests().at(-1)?.seq ?? 0;
		const parameters: INodeParameters = {
			resource: entry.resource,
			operation: entry.method,
			...testCase.parameters,
			...(prepared as INodeParameters),
		};

		const result = await runNode({
			node: new GreenApi(),
			parameters,
			input: testCase.input,
			credentials: world.credentials,
			credentialTypes: world.credentialTypes,
			binaryMode,
			continueOnFail: testCase.refusedWith !== undefined,
		});
		expect(result.error?.message).toBeUndefined();
		expect(result.status).toBe('success');

		const status = testCase.refusedWith?.status ?? 200;
		const sent = world.sandbox.requests({ afterSeq: mark }).filter((r) => r.kind !== 'other');
		expect(sent.map((r) => `${r.method} ${r.status}`)).toEqual([`${testCase.method} ${status}`]);
		expectContractShape(sent[0], contractOf(testCase.method));
		testCase.sent?.(sent[0], world);

		for (const item of result.items) expect(item.pairedItem).toEqual({ item: 0 });
		if (testCase.refusedWith) {
			expect(result.items[0].json).toMatchObject({
				error: expect.stringMatching(testCase.refusedWith.message),
				httpCode: String(status),
			});
		}
		const before = expect.getState().assertionCalls;
		await testCase.expectOutput({ items: result.items, record: sent[0], parameters, world, bytes: result.binary });
		// An output check that asserts nothing guards nothing.
		expect(expect.getState().assertionCalls).toBeGreaterThan(before);
		// Partner answers legitimately list instance tokens; what must never leak is the caller's own.
		const secret = entry.host === 'partner' ? world.sandbox.partnerToken : world.token;
		expect(result.serialized).not.toContain(secret);
	});
});
