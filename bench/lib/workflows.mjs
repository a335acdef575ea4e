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
const items = (count, jsonOf) => ({
	parameters: { jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: ${jsonOf} }));` },
	id: nodeId(),
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [200, 0],
});

const greenApi = (name, parameters, y = 0) => ({
	parameters,
	id: nodeId(),
	name,
	type: GREEN_API,
	typeVersion: 1,
	position: [400, y],
	credentials,
});

/**
 * Per-item cost: the same Send Text, once through this node and once hand-built with n8n's HTTP
 * Request node, from the same items in the same execution. n8n runs the two branches one after
 * the other, top first; `greenApiFirst` decides which is on top.
 */
export function perItemWorkflow(id, count, apiUrl, greenApiFirst) {
	const [yGreen, yHttp] = greenApiFirst ? [0, 200] : [200, 0];
	const http = {
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
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [400, yHttp],
	};
	const send = greenApi(
		'GREEN-API',
		{ resource: 'message', operation: 'sendMessage', chatId: '={{ $json.chatId }}', message: '={{ $json.message }}' },
		yGreen,
	);
	return workflow(
		id,
		`bench: per item (${greenApiFirst ? 'GREEN-API first' : 'HTTP Request first'})`,
		[trigger(), items(count, "{ chatId: `7900${String(i % 50).padStart(7, '0')}@c.us`, message: `Item ${i}` }"), send, http],
		[
			['Start', 'Items'],
			['Items', 'GREEN-API'],
			['Items', 'HTTP Request'],
		],
	);
}
