import { ExecuteContext, RoutingNode } from 'n8n-core';
import { createEmptyRunExecutionData, type ICredentialTestRequest, type ICredentialType, type INode, type INodeType } from 'n8n-workflow';

import { GreenApiInstanceApi } from '../../credentials/GreenApiInstanceApi.credentials';
import { GreenApiPartnerApi } from '../../credentials/GreenApiPartnerApi.credentials';
import { createWorkflow, exclusive, prepareEngine } from '../harness/engine';
import { startWorld, type SandboxWorld } from './operations/sandboxSetup';

let world: SandboxWorld;

beforeAll(async () => {
	world = await startWorld();
});

afterAll(async () => {
	await world.sandbox.close();
});

beforeEach(() => world.sandbox.reset());

interface Verdict {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * The credential's Test button, as n8n runs it: the test request goes through n8n-core's
 * RoutingNode with the credential's authenticate(); a failed request is matched against the
 * status rules (else n8n shows the bare HTTP status text), an answer against the body rules.
 */
async function testCredential(type: ICredentialType, data: Record<string, string>): Promise<Verdict> {
	const test = type.test as ICredentialTestRequest;
	return await exclusive(async () => {
		await prepareEngine();
		const nodeType: INodeType = {
			description: {
				displayName: 'Temp',
				name: 'temp',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: {},
				inputs: [],
				outputs: [],
				credentials: [{ name: type.name, required: true }],
				properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } }],
			},
		};
		const node: INode = {
			id: 'temp',
			name: 'Temp-Node',
			type: 'temp',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { [type.name]: { id: '1', name: 'Under test' } },
		};
		const { workflow, additionalData } = createWorkflow(
			{ node: nodeType, parameters: {}, credentials: { [type.name]: data }, credentialTypes: [type] },
			[node],
			{},
			{ temp: nodeType },
		);
		const context = new ExecuteContext(
			workflow,
			node,
			additionalData,
			'internal',
			createEmptyRunExecutionData(),
			0,
			[],
			{ main: [[{ json: {} }]] },
			{ node, data: {}, source: null },
			[],
		);
		const rules = test.rules ?? [];
		let body: Record<string, unknown>;
		try {
			const output = await new RoutingNode(context, nodeType, { id: '1', name: 'Under test', type: type.name, data }).runNode();
			body = output?.[0]?.[0]?.json ?? {};
		} catch (error) {
			const status = (error as { cause?: { response?: { status?: number; statusText?: string } } }).cause?.response;
			expect(status?.status).toEqual(expect.any(Number));
			const rule = rules.find((r) => r.type === 'responseCode' && r.properties.value === status?.status);
			return { status: 'Error', message: rule?.properties.message ?? status?.statusText ?? String(status?.status) };
		}
		const rule = rules.find((r) => r.type === 'responseSuccessBody' && body[(r.properties as { key: string }).key] === r.properties.value);
		return rule ? { status: 'Error', message: rule.properties.message } : { status: 'OK', message: 'Connection successful!' };
	});
}

describe('GREEN-API Instance API credential test', () => {
	const instance = () => world.credentials.greenApiInstanceApi as Record<string, string>;
	const run = (change: Record<string, string> = {}) => testCredential(new GreenApiInstanceApi(), { ...instance(), ...change });

	it('passes for an authorized instance', async () => {
		expect(await run()).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('says what to do about a wrong token', async () => {
		const verdict = await run({ apiTokenInstance: 'wrong-token' });
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/^GREEN-API rejected the API token\. Copy apiTokenInstance/);
	});

	it('says what to do about a wrong instance ID', async () => {
		const verdict = await run({ idInstance: '1109999999' });
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/^GREEN-API refused this instance at this API URL\. Check that the Instance ID/);
	});

	it('says what to do about an API URL where no GREEN-API answers', async () => {
		const verdict = await run({ apiUrl: `${instance().apiUrl}/not-green-api` });
		expect(verdict).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/^No GREEN-API instance API answers at this API URL/),
		});
	});

	it('explains an instance without a linked phone', async () => {
		world.sandbox.setState(world.idInstance, 'notAuthorized');
		expect(await run()).toMatchObject({ status: 'Error', message: expect.stringMatching(/no phone is linked/) });
	});
});

describe('GREEN-API Partner API credential test', () => {
	const partner = () => world.credentials.greenApiPartnerApi as Record<string, string>;

	it('passes with the partner token', async () => {
		expect(await testCredential(new GreenApiPartnerApi(), partner())).toMatchObject({ status: 'OK' });
	});

	it('says what to do about a wrong partner token', async () => {
		const verdict = await testCredential(new GreenApiPartnerApi(), { ...partner(), partnerToken: 'wrong' });
		expect(verdict).toMatchObject({ status: 'Error', message: expect.stringMatching(/^GREEN-API rejected the partner token\. Copy/) });
	});
});
