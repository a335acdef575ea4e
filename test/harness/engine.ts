import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import {
	Workflow,
	type ICredentialType,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeCredentials,
	type INodeParameters,
	type INodeType,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { useBinaryDataMode, type BinaryMode } from './binaryData';
import { Container, SsrfProtectionConfig } from './container';
import { TestCredentialsHelper, type TestCredentials } from './credentialsHelper';
import { TestNodeTypes } from './nodeTypes';
import { useProcessedDataStore } from './processedData';

export const DEFAULT_NODE_TYPE = 'n8n-nodes-green-api.greenApi';

/** What every run needs to know about the node under test. */
export interface NodeUnderTest {
	node: INodeType;
	/** Node type name, default `n8n-nodes-green-api.greenApi`. */
	type?: string;
	/** May hold expressions such as `={{ $json.phone }}`. */
	parameters: INodeParameters;
	/** Decrypted credential data keyed by credential type name. */
	credentials?: TestCredentials;
	credentialTypes?: ICredentialType[];
	binaryMode?: BinaryMode;
	/** Workflow static data as `getWorkflowStaticData` sees it; the run changes this very object. */
	staticData?: IDataObject;
	/** The workflow's id, default `harness-workflow`; another id is another workflow. */
	workflowId?: string;
	/** The node version a saved workflow holds; default the newest. */
	typeVersion?: number;
}

/** A copy of static data as n8n stores it: JSON (n8n wraps it in proxies that structuredClone refuses). */
export const copyStaticData = (data: IDataObject | undefined): IDataObject => JSON.parse(JSON.stringify(data ?? {})) as IDataObject;

let queue: Promise<unknown> = Promise.resolve();
let executionCount = 0;

/** Runs one at a time: the binary data mode and n8n's services are shared by the whole process. */
export async function exclusive<T>(run: () => Promise<T>): Promise<T> {
	const result = queue.then(run);
	queue = result.catch(() => undefined);
	return await result;
}

export async function prepareEngine(binaryMode: BinaryMode = 'default'): Promise<void> {
	await useBinaryDataMode(binaryMode);
	await useProcessedDataStore();
	// Tests talk to servers on 127.0.0.1, which SSRF protection (off by default) would block.
	Container.get(SsrfProtectionConfig).enabled = false;
}

export function createNode(name: string, type: string, x: number, extra: Partial<INode> = {}): INode {
	return {
		id: `${name}-id`,
		name,
		type,
		typeVersion: 1,
		position: [x, 0],
		parameters: {},
		...extra,
	};
}

/** The node under test as a workflow node: latest version, credentials referenced by id and name. */
export function targetNode(test: NodeUnderTest, x: number, extra: Partial<INode> = {}): INode {
	const { description } = test.node;
	const credentials: INodeCredentials = Object.fromEntries(
		Object.keys(test.credentials ?? {}).map((type) => [type, { id: `${type}-id`, name: type }]),
	);
	return createNode(description.defaults.name ?? description.displayName, test.type ?? DEFAULT_NODE_TYPE, x, {
		typeVersion: test.typeVersion ?? Math.max(...[description.version].flat()),
		parameters: structuredClone(test.parameters),
		credentials,
		...extra,
	});
}

export interface TestWorkflow {
	workflow: Workflow;
	additionalData: IWorkflowExecuteAdditionalData;
}

export function createWorkflow(
	test: NodeUnderTest,
	nodes: INode[],
	connections: IConnections,
	types: Record<string, INodeType | IVersionedNodeType>,
): TestWorkflow {
	const workflow = new Workflow({
		id: test.workflowId ?? 'harness-workflow',
		name: 'Harness workflow',
		nodes,
		connections,
		active: false,
		staticData: test.staticData,
		settings: { executionOrder: 'v1' },
		nodeTypes: new TestNodeTypes(types),
	});
	const now = new Date();
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: 'Harness workflow',
		nodes,
		connections,
		settings: workflow.settings,
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
	};
	const executionId = String(++executionCount);
	const unsupported = (what: string) => async () => {
		throw new Error(`${what} is not supported by the test harness`);
	};
	const url = (path: string) => `http://localhost:5678/${path}`;

	const additionalData: IWorkflowExecuteAdditionalData = {
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		credentialsHelper: new TestCredentialsHelper(test.credentialTypes ?? [], test.credentials ?? {}),
		externalSecretsProxy: new ExternalSecretsProxy(),
		executionId,
		workflowId: workflow.id,
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		variables: {},
		instanceBaseUrl: url(''),
		restApiUrl: url('rest'),
		formBaseUrl: url('form'),
		formWaitingBaseUrl: url('form-waiting'),
		formTestBaseUrl: url('form-test'),
		webhookBaseUrl: url('webhook'),
		webhookWaitingBaseUrl: url('webhook-waiting'),
		webhookTestBaseUrl: url('webhook-test'),
		mcpBaseUrl: url('mcp'),
		mcpTestBaseUrl: url('mcp-test'),
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: unsupported('getRunExecutionData'),
		getRuntimeCredential: unsupported('getRuntimeCredential'),
		startRunnerTask: unsupported('startRunnerTask'),
		logAiEvent: () => {},
	};
	return { workflow, additionalData };
}
