import { createServer } from 'node:http';

import { waitFor } from '../../scripts/lib/processes.mjs';
import { expect, expectNoTokens, pass } from './lib/expect.mjs';
import {
	activateWorkflow,
	deactivateWorkflow,
	executionsOf,
	getExecution,
	nodeItems,
	runFromEditor,
	waitForPublication,
} from './lib/rest.mjs';
import { lastSeq, sandboxRequests } from './lib/sandboxLog.mjs';

/**
 * What a sender controls, tried in a real n8n: incoming messages whose file link points at a
 * GREEN-API method on the API host (would the token be added?), at this machine, and at a host
 * that redirects to this machine. Both the action node's Download File and the Queue Trigger's
 * Download Media must fail on each without signing anything or reaching the internal address.
 * The sandbox's API host is listed as an allowed internal host, as in the sandbox demo, so the
 * GREEN-API-looking links really go out (without a token); so is the redirecting host.
 */

const CHAT_ID = '79001234567@c.us';
const ACTION_ID = 'greenApiE2eOutAct1';
const QUEUE_ID = 'greenApiE2eOutQue1';
const QUEUE_TRIGGER = 'GREEN-API Queue Trigger';
const DEMO_ID = 'greenApiDemoFiles1';
const CREDENTIAL = { greenApiInstanceApi: { id: 'greenApiSandbox1', name: 'GREEN-API Sandbox' } };

/** A host the links may use that answers every request with a redirect to ?to=. Not kept alive by itself. */
const redirects = [];
const redirector = createServer((req, res) => {
	redirects.push(req.url);
	res.writeHead(302, { location: new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/' });
	res.end();
});
await new Promise((resolve) => redirector.listen(0, '127.0.0.1', resolve));
redirector.unref();
const REDIRECTOR = `127.0.0.1:${redirector.address().port}`;

/** The crafted links, one message each; idMessage fixed so the action workflow can name them. */
function craftedLinks({ apiUrl, mediaUrl }, idInstance) {
	const inside = `${mediaUrl}/waInstance${idInstance}/getSettings`;
	return [
		{ idMessage: 'E2EOUTBOUNDLOGOUT', what: 'logout on the API host', url: `${apiUrl}/waInstance${idInstance}/logout` },
		{ idMessage: 'E2EOUTBOUNDSETTINGS', what: 'getSettings on the API host', url: `${apiUrl}/waInstance${idInstance}/getSettings` },
		{ idMessage: 'E2EOUTBOUNDLOOPBACK', what: 'this machine', url: inside },
		{
			idMessage: 'E2EOUTBOUNDREDIRECT',
			what: 'a redirect to this machine',
			url: `http://${REDIRECTOR}/go?to=${encodeURIComponent(inside)}`,
		},
	];
}

const allowedHosts = ({ apiUrl }) => `${new URL(apiUrl).host}, ${REDIRECTOR}`;
const downloadNode = (link) => `Download File (${link.what})`;

/** The action workflow (Download File for each crafted message) and the queue workflow (Download Media). */
export function outboundWorkflows(urls) {
	const links = craftedLinks(urls, 'ID');
	const options = { allowedInternalHosts: allowedHosts(urls) };
	const action = {
		id: ACTION_ID,
		name: 'e2e: Download File of crafted links',
		nodes: [
			{ parameters: {}, id: 'e2e-out-manual', name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			...links.map((link, i) => ({
				parameters: { resource: 'file', operation: 'downloadFile', chatId: CHAT_ID, idMessage: link.idMessage, download: true, options },
				id: `e2e-out-download-${i}`,
				name: downloadNode(link),
				type: 'n8n-nodes-green-api.greenApi',
				typeVersion: 1,
				position: [220, i * 160],
				onError: 'continueRegularOutput',
				credentials: CREDENTIAL,
			})),
		],
		connections: { Run: { main: [links.map((link) => ({ node: downloadNode(link), type: 'main', index: 0 }))] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const queue = {
		id: QUEUE_ID,
		name: 'e2e: Download Media of crafted links (Queue Trigger)',
		nodes: [
			{
				parameters: {
					pollTimes: { item: [{ mode: 'everyHour' }] },
					events: ['incomingMessageReceived'],
					simplify: true,
					options: { ...options, downloadMedia: true },
				},
				id: 'e2e-out-queue',
				name: QUEUE_TRIGGER,
				type: 'n8n-nodes-green-api.greenApiQueueTrigger',
				typeVersion: 1,
				position: [0, 0],
				credentials: CREDENTIAL,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	return [action, queue];
}

const requestsAfter = async (sandbox, seq) =>
	(await sandboxRequests(sandbox.requestsUrl, { afterSeq: seq })).filter((r) => Number(r.seq) > seq);

/** What each crafted link must end in, for either path. */
function expectedFailure(link, { apiUrl, mediaUrl }) {
	return link.what.endsWith('API host')
		? `Could not download the file from ${apiUrl} (HTTP 404)`
		: `Refusing to download from ${mediaUrl}: 127.0.0.1 is a loopback (this machine) address`;
}

export async function checkCraftedLinks(ctx, http) {
	const { sandbox, instance, runtime } = ctx;
	const urls = { apiUrl: sandbox.apiUrl, mediaUrl: sandbox.mediaUrl };
	const links = craftedLinks(urls, instance.idInstance);
	await instance.patchSettings({ webhookUrl: '', webhookUrlToken: '', incomingWebhook: 'yes' });
	const before = await instance.settings();
	expect((await instance.view()).pendingNotifications === 0, 'the notification queue is not empty before the crafted links');
	const seq = await lastSeq(sandbox.requestsUrl);
	for (const link of links) {
		await instance.incoming({
			chatId: CHAT_ID,
			typeMessage: 'documentMessage',
			idMessage: link.idMessage,
			url: link.url,
			fileName: 'invoice.pdf',
		});
	}

	// Action node: Download File of each message.
	const run = await runFromEditor(http, ACTION_ID, 'Run');
	for (const link of links) {
		const [item] = nodeItems(runtime, run, downloadNode(link));
		expect(
			item?.error === expectedFailure(link, urls) && !item.downloadUrl,
			`Download File of a link to ${link.what} did not fail as expected`,
			item,
		);
	}
	expectNoTokens(JSON.stringify(run), ctx.tokens, 'the Download File execution');

	// Queue Trigger: publishing polls at once; one execution per message, each with Download Media.
	await activateWorkflow(http, QUEUE_ID);
	const runs = await waitFor(
		'the Download Media executions',
		async () => {
			const found = (await executionsOf(http, QUEUE_ID)).filter((e) => e.mode === 'trigger');
			return found.length >= links.length && found.every((e) => e.stoppedAt) && found;
		},
		{ timeoutMs: 60_000 },
	);
	await deactivateWorkflow(http, QUEUE_ID);
	expect((await waitForPublication(http, QUEUE_ID)).status === 'not_published', 'the crafted-links queue workflow did not unpublish');
	// The list is newest first; the messages were queued in the order of links.
	const executions = await Promise.all(runs.reverse().map((run) => getExecution(http, run.id)));
	const execution = executions.map((e) => JSON.stringify(e)).join('\n');
	const items = executions.flatMap((e) => nodeItems(runtime, e, QUEUE_TRIGGER));
	expect(items.length === links.length, `Download Media made ${items.length} items of ${links.length} messages`, items);
	links.forEach((link, i) => {
		expect(
			items[i].idMessage === link.idMessage && items[i].mediaError === expectedFailure(link, urls),
			`Download Media of a link to ${link.what} did not fail as expected`,
			items[i],
		);
	});
	const binaries = execution.includes('"binary":{"data"');
	expect(!binaries, 'an item of the crafted links carries binary data');
	expectNoTokens(execution, ctx.tokens, 'the Download Media executions');

	// What reached the sandbox: the GREEN-API-looking links went out once per path, unsigned;
	// nothing reached the media host; the redirecting host was asked once per path.
	const records = await requestsAfter(sandbox, seq);
	const crafted = records.filter((r) => ['logout', 'getsettings'].includes(String(r.method).toLowerCase()) && r.host === 'api');
	expect(
		crafted.length === 4 && crafted.every((r) => r.tokenOk === false && r.status === 404),
		'the GREEN-API-looking links did not reach the API host exactly twice each, unsigned',
		crafted,
	);
	expect(
		!records.some((r) => r.host === 'media'),
		'a download reached the media host',
		records.filter((r) => r.host === 'media'),
	);
	expect(redirects.length === 2, `the redirecting host was asked ${redirects.length} times, expected 2`, redirects);
	const state = (await instance.view()).stateInstance;
	expect(state === 'authorized', `the instance is ${state} after the crafted logout link`);
	const after = await instance.settings();
	expect(after.webhookUrlToken === before.webhookUrlToken, 'the settings changed');
	pass(
		'crafted download links (logout, getSettings on the API host; this machine; a redirect to it): Download File and Download Media failed on each, nothing signed, nothing internal reached',
	);
}

/** The sandbox demo "reply to photos and files": its option lets it download from the sandbox. */
export async function checkFilesDemo(ctx, http) {
	const { sandbox, instance } = ctx;
	await activateWorkflow(http, DEMO_ID);
	const publication = await waitForPublication(http, DEMO_ID);
	expect(publication.status === 'published', `n8n reports the files demo as ${publication.status}`, publication);
	await waitFor(
		'the instance to apply the demo’s webhook',
		async () => {
			const view = await instance.view();
			return view.settings.webhookUrl !== '' && !view.pendingSettings && view.stateInstance === 'authorized';
		},
		{ timeoutMs: 30_000 },
	);
	const seq = await lastSeq(sandbox.requestsUrl);
	await instance.incoming({ chatId: CHAT_ID, typeMessage: 'imageMessage', fileName: 'parcel.png' });
	const reply = await waitFor(
		'the demo’s reply',
		async () => (await requestsAfter(sandbox, seq)).find((r) => String(r.method) === 'sendMessage' && r.json?.chatId === CHAT_ID),
		{ timeoutMs: 30_000 },
	);
	await deactivateWorkflow(http, DEMO_ID);
	expect(/^Got parcel\.png \(.+, image\/\w+\)$/.test(reply.json.message), 'the demo did not get the file', reply.json);
	await waitFor('the demo to give the webhook back', async () => (await instance.settings()).webhookUrl === '', { timeoutMs: 30_000 });
	pass(`the files demo (Download Media from the sandbox, an allowed internal host) answered "${reply.json.message}"`);
}
