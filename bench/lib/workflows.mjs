import { createRequire } from 'node:module';
import { join } from 'node:path';

import { REPO_DIR } from '../../scripts/lib/paths.mjs';
import { SANDBOX } from '../../scripts/lib/sandbox.mjs';
import { CREDENTIAL_ID } from './setup.mjs';

const GREEN_API = 'n8n-nodes-green-api.greenApi';
const credentials = { greenApiInstanceApi: { id: CREDENTIAL_ID, name: 'GREEN-API Bench Sandbox' } };
let uuid = 0;
const nodeId = () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`;

function workflow(id, name, nodes, edges) {
	const connections = {};
	for (const [from, to] of edges) {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const trigger = () => ({
	parameters: {},
	id: nodeId(),
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
});

/** A Code node that makes `count` items from a JavaScript expression of i. */
const items = (count, jsonOf, { name = 'Items', y = 0, settleMs = 0 } = {}) => ({
	parameters: {
		jsCode:
			(settleMs ? `await new Promise((resolve) => setTimeout(resolve, ${settleMs}));\n` : '') +
			`return Array.from({ length: ${count} }, (_, i) => ({ json: ${jsonOf} }));`,
	},
	id: nodeId(),
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [200, y],
});

let defaultVersion;

/** The version a node added in the editor gets: the built node's default (read after the build, once). */
export function newestVersion() {
	if (defaultVersion === undefined) {
		const { GreenApi } = createRequire(import.meta.url)(join(REPO_DIR, 'dist/nodes/GreenApi/GreenApi.node.js'));
		defaultVersion = new GreenApi().description.defaultVersion;
	}
	return defaultVersion;
}

const greenApi = (name, parameters, y = 0, x = 400) => ({
	parameters,
	id: nodeId(),
	name,
	type: GREEN_API,
	typeVersion: newestVersion(),
	position: [x, y],
	credentials,
});

/** A chat as the editor saves it from version 1.1 on: a resource locator, here by ID. */
const chatById = (expression) => ({ __rl: true, mode: 'id', value: expression });

/**
 * Per-item cost: the same Send Text through this node (one after another, its default, and with
 * Parallel Requests at a rate no local server reaches) and hand-built with n8n's HTTP Request
 * node, in the same execution. n8n runs the branches one after the other, top first;
 * `greenApiFirst` puts the default GREEN-API node on top, else the HTTP Request node. Warm-up
 * branches run first: WARM_UP_ITEMS items through each kind of node, so that n8n's first-use
 * costs are paid before either is timed. Each timed node gets its items from its own Code node,
 * which first waits SETTLE_MS so that the work the previous node left behind is done before the
 * next one starts.
 */
export function perItemWorkflow(id, count, apiUrl, greenApiFirst) {
	const [yGreen, yParallel, yHttp] = greenApiFirst ? [0, 200, 400] : [400, 200, 0];
	const sendText = {
		resource: 'message',
		operation: 'sendMessage',
		chatId: chatById('={{ $json.chatId }}'),
		message: '={{ $json.message }}',
	};
	const httpRequest = (name, y) => ({
		parameters: {
			method: 'POST',
			url: `${apiUrl}/waInstance${SANDBOX.idInstance}/sendMessage/${SANDBOX.apiTokenInstance}`,
			sendBody: true,
			bodyParameters: {
				parameters: [
					{ name: 'chatId', value: '={{ $json.chatId }}' },
					{ name: 'message', value: '={{ $json.message }}' },
				],
			},
			options: {},
		},
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [400, y],
	});
	const itemJson = "{ chatId: `7900${String(i % 50).padStart(7, '0')}@c.us`, message: `Item ${i}` }";
	const branches = [
		[items(WARM_UP_ITEMS, itemJson, { name: 'Warm-up items', y: -800 }), greenApi('Warm-up GREEN-API', sendText, -800)],
		[items(WARM_UP_ITEMS, itemJson, { name: 'Warm-up items 2', y: -600 }), httpRequest('Warm-up HTTP Request', -600)],
		[items(count, itemJson, { name: 'Items for GREEN-API', y: yGreen, settleMs: SETTLE_MS }), greenApi('GREEN-API', sendText, yGreen)],
		[
			items(count, itemJson, { name: 'Items for GREEN-API parallel', y: yParallel, settleMs: SETTLE_MS }),
			greenApi('GREEN-API parallel', { ...sendText, options: { parallelRequests: true, requestsPerSecond: PARALLEL_RPS } }, yParallel),
		],
		[items(count, itemJson, { name: 'Items for HTTP Request', y: yHttp, settleMs: SETTLE_MS }), httpRequest('HTTP Request', yHttp)],
	];
	return workflow(
		id,
		`bench: per item (${greenApiFirst ? 'GREEN-API first' : 'HTTP Request first'})`,
		[trigger(), ...branches.flat()],
		branches.flatMap(([source, node]) => [
			['Start', source.name],
			[source.name, node.name],
		]),
	);
}

/** Parallel Requests' rate in the per-item bench: high enough that pacing never waits, as the HTTP Request node does not. */
export const PARALLEL_RPS = 100000;

/**
 * Items through each kind of node before the timed ones. With 1,000 the HTTP Request node still
 * took 2.2–2.9 ms per item when it ran first and 1.65–1.9 ms when it ran last; from 3,000 on the
 * order no longer shows in it.
 */
export const WARM_UP_ITEMS = 3000;

/**
 * The wait before each timed node. A node leaves work behind that would otherwise be billed to
 * the next one: the sandbox marks each sent message delivered and read 1 s apart, and n8n records
 * a statistics row (a database read) for every call of the HTTP Request node. The Code node
 * waits in n8n's task runner, so the n8n process itself is idle meanwhile.
 */
export const SETTLE_MS = 4000;

/** Phone numbers the sandbox says have WhatsApp (it says no for numbers ending in 0000). */
const PHONES = '`7900${String(1000001 + i)}`';

/** `count` Check WhatsApp items, one after another or with Parallel Requests at `rps`. */
export function checkWorkflow(id, count, { parallel, rps } = {}) {
	const options = parallel ? { parallelRequests: true, ...(rps ? { requestsPerSecond: rps } : {}) } : {};
	return workflow(
		id,
		`bench: ${count} checks${parallel ? ' in parallel' : ''}`,
		[
			trigger(),
			items(count, `{ phone: ${PHONES} }`),
			greenApi('Check WhatsApp', { resource: 'contact', operation: 'checkWhatsapp', phoneNumber: '={{ $json.phone }}', options }),
		],
		[
			['Start', 'Items'],
			['Items', 'Check WhatsApp'],
		],
	);
}

/** `count` Send Text items spread over `chats` chats (item i to chat i % chats), with Parallel Requests. */
export function sendWorkflow(id, count, chats) {
	return workflow(
		id,
		`bench: ${count} texts to ${chats} chats in parallel`,
		[
			trigger(),
			items(count, `{ chatId: \`7911${'${String(1000000 + (i % ' + chats + '))}'}@c.us\`, text: \`#\${i}\` }`),
			greenApi('Send Text', {
				resource: 'message',
				operation: 'sendMessage',
				chatId: chatById('={{ $json.chatId }}'),
				message: '={{ $json.text }}',
				options: { parallelRequests: true },
			}),
		],
		[
			['Start', 'Items'],
			['Items', 'Send Text'],
		],
	);
}

export const TRIGGER_WEBHOOK_ID = '6b1f0c0e-0000-4000-8000-00000000be01';
export const NATIVE_WEBHOOK_PATH = 'bench-native-webhook';

/** The GREEN-API Trigger alone: each delivery starts an execution of this one node. */
export function webhookTriggerWorkflow(id) {
	return workflow(
		id,
		'bench: GREEN-API Trigger',
		[
			{
				parameters: { events: ['incomingMessageReceived'], simplify: true, options: {} },
				id: nodeId(),
				name: 'GREEN-API Trigger',
				type: 'n8n-nodes-green-api.greenApiTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: TRIGGER_WEBHOOK_ID,
				credentials,
			},
		],
		[],
	);
}

/** n8n's own Webhook node alone, answering as soon as the execution started, like the trigger. */
export function nativeWebhookWorkflow(id) {
	return workflow(
		id,
		"bench: n8n's Webhook node",
		[
			{
				parameters: { httpMethod: 'POST', path: NATIVE_WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
				id: nodeId(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '6b1f0c0e-0000-4000-8000-00000000be02',
			},
		],
		[],
	);
}

/** The Queue Trigger alone; activation polls at once (then every hour). */
export function queueTriggerWorkflow(id) {
	return workflow(
		id,
		'bench: GREEN-API Queue Trigger',
		[
			{
				parameters: {
					pollTimes: { item: [{ mode: 'everyHour', minute: 0 }] },
					events: ['incomingMessageReceived'],
					simplify: true,
					options: {},
				},
				id: nodeId(),
				name: 'GREEN-API Queue Trigger',
				type: 'n8n-nodes-green-api.greenApiQueueTrigger',
				typeVersion: 1,
				position: [0, 0],
				credentials,
			},
		],
		[],
	);
}
