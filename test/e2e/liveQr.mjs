import axios from 'axios';

import { waitFor } from '../../scripts/lib/processes.mjs';
import { expect, expectNoTokens, pass } from './lib/expect.mjs';
import { getExecution, runFromEditor } from './lib/rest.mjs';
import { callsOf, lastSeq, sandboxRequests } from './lib/sandboxLog.mjs';

/**
 * Get Live QR Code in a running n8n, whose Node.js 24 brings the WebSocket the node uses: the
 * QR code as an image, an instance that is already linked, the time limit, and the partner
 * onboarding example, where "Phone linked" on the sandbox page links the new instance.
 */

const LIVE_QR_ID = 'greenApiE2eQr01';
const ONBOARDING_EXAMPLE = 'greenApiDemoOnbrd1';
const UNLINKED = { idInstance: 1101000077, apiTokenInstance: 'e2e-unlinked-token-1101000077' };
const CONTACT = '79001234567@c.us';

const qrNode = (n, name, credential, parameters) => ({
	parameters: { resource: 'instance', operation: 'scanqrcode', ...parameters },
	id: `3c2e8f0a-1b4d-4e6f-9a7b-0000000006${n}`,
	name,
	type: 'n8n-nodes-green-api.greenApi',
	typeVersion: 1,
	position: [n * 220, 0],
	credentials: { greenApiInstanceApi: credential },
});

/** Manual Trigger → an instance that is linked → one that is not, with a 2 s limit. */
export function liveQrWorkflows() {
	return [
		{
			id: LIVE_QR_ID,
			name: 'e2e: live QR code (already linked, time limit)',
			nodes: [
				{
					parameters: {},
					id: '3c2e8f0a-1b4d-4e6f-9a7b-000000000600',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
				},
				qrNode(1, 'Already Linked', { id: 'greenApiSandbox1', name: 'GREEN-API Sandbox' }, { waitForAuthorization: true, timeLimit: 20 }),
				qrNode(
					2,
					'Time Limit',
					{ id: 'greenApiE2eUnlinked1', name: 'e2e: GREEN-API instance without a linked phone' },
					{
						waitForAuthorization: true,
						timeLimit: 2,
						onTimeout: 'output',
						binaryPropertyOutput: 'qr',
					},
				),
			],
			connections: {
				Start: { main: [[{ node: 'Already Linked', type: 'main', index: 0 }]] },
				'Already Linked': { main: [[{ node: 'Time Limit', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			pinData: {},
		},
	];
}

const parse = (runtime, execution) =>
	typeof execution.data === 'string' ? runtime.requireFromN8n('flatted').parse(execution.data) : execution.data;

const lastItems = (runtime, execution, node) => parse(runtime, execution)?.resultData?.runData?.[node]?.at(-1)?.data?.main?.[0] ?? [];

/** A second instance, never linked, for the time limit. */
async function ensureUnlinkedInstance({ sandbox }) {
	const base = `${sandbox.apiUrl}/sandbox/instances`;
	const existing = await axios.get(`${base}/${UNLINKED.idInstance}`, { validateStatus: () => true });
	if (existing.status === 200) return;
	const created = await axios.post(
		base,
		{ ...UNLINKED, stateInstance: 'notAuthorized', name: 'e2e unlinked' },
		{ validateStatus: () => true },
	);
	expect(created.status < 300, `creating instance ${UNLINKED.idInstance} in the sandbox answered ${created.status}`, created.data);
}

export async function checkLiveQr(ctx, http) {
	await ensureUnlinkedInstance(ctx);
	const seq = await lastSeq(ctx.sandbox.requestsUrl);
	const execution = await runFromEditor(http, LIVE_QR_ID, 'Start');
	expectNoTokens(JSON.stringify(execution), [...ctx.tokens, UNLINKED.apiTokenInstance], `execution ${execution.id}`);
	expect(
		execution.status === 'success',
		`the live QR workflow ended with ${execution.status}`,
		parse(ctx.runtime, execution)?.resultData?.error,
	);
	const [linked] = lastItems(ctx.runtime, execution, 'Already Linked');
	expect(
		linked?.json?.status === 'alreadyLogged' && linked.json.authorized === true && !linked.binary,
		'a linked instance did not answer alreadyLogged',
		linked,
	);
	const [late] = lastItems(ctx.runtime, execution, 'Time Limit');
	expect(late?.json?.status === 'timeout' && late.json.authorized === false, 'the time limit did not end with status timeout', late?.json);
	expect(late.json.qrCodesReceived >= 1 && late.binary?.qr?.mimeType === 'image/png', 'the timeout item has no QR code image', late);
	const sockets = (await callsOf(ctx.sandbox.requestsUrl, 'scanqrcode', seq)).filter((r) => r.idInstance === UNLINKED.idInstance);
	expect(sockets.length >= 1 && sockets.every((r) => r.tokenOk), 'the sandbox saw no scanqrcode websocket with the right token', sockets);
	pass(
		`Get Live QR Code in n8n (Node.js 24 WebSocket): linked instance → alreadyLogged; 2 s limit → status timeout with the latest QR (${late.binary.qr.fileSize ?? 'PNG'}), ${late.json.qrCodesReceived} code(s) over the websocket`,
	);
}

/**
 * The onboarding example: a partner creates an instance, its live QR code goes to a chat as an
 * image, and when "Phone linked" is pressed on the sandbox page the workflow sends the welcome.
 */
export async function checkOnboardingExample(ctx, http, browser) {
	const seq = await lastSeq(ctx.sandbox.requestsUrl);
	const run = await http.post(`/rest/workflows/${ONBOARDING_EXAMPLE}/run`, {
		triggerToStartFrom: { name: "When clicking 'Execute workflow'" },
	});
	const executionId = run.data?.data?.executionId;
	expect(run.status === 200 && executionId, `running ${ONBOARDING_EXAMPLE} answered ${run.status}`, run.data);

	const created = await waitFor(
		'the partner createInstance',
		async () => (await callsOf(ctx.sandbox.requestsUrl, 'createInstance', seq))[0],
		{ timeoutMs: 30_000 },
	);
	const idInstance = created.response?.idInstance;
	expect(idInstance, 'createInstance returned no idInstance', created);
	const qrSent = await waitFor(
		'the QR code sent to the contact',
		async () => (await callsOf(ctx.sandbox.requestsUrl, 'sendFileByUpload', seq)).find((c) => c.multipart?.fields?.chatId === CONTACT),
		{ timeoutMs: 30_000 },
	);
	const [file] = qrSent.multipart.files;
	expect(
		file?.contentType === 'image/png' && file.filename === 'qr-code.png' && file.size > 100,
		'the QR code did not go out as a PNG',
		qrSent.multipart,
	);
	// The second Get Live QR Code keeps its websocket open until the phone is linked.
	await waitFor(
		'the websocket of "Wait for the Scan"',
		async () =>
			(await sandboxRequests(ctx.sandbox.requestsUrl, { method: 'scanqrcode' })).some(
				(r) => r.idInstance === idInstance && r.seq > qrSent.seq && r.status === 0,
			),
		{ timeoutMs: 30_000 },
	);

	const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
	try {
		const page = await context.newPage();
		await page.goto(ctx.sandbox.pageUrl);
		// The list and its change handler are set up together once the page has loaded its data.
		await page.locator(`#instance option[value="${idInstance}"]`).waitFor({ state: 'attached', timeout: 30_000 });
		await page.selectOption('#instance', String(idInstance));
		await page.locator('#phone-linked').click({ timeout: 30_000 });
		await page.locator('#state', { hasText: 'authorized' }).waitFor({ timeout: 30_000 });
	} finally {
		await context.close();
	}

	const execution = await waitFor(
		`execution ${executionId} to finish`,
		async () => {
			const e = await getExecution(http, executionId);
			return e.stoppedAt && e.status !== 'running' && e;
		},
		{ timeoutMs: 60_000, intervalMs: 300 },
	);
	expect(
		execution.status === 'success',
		`the onboarding example ended with ${execution.status}`,
		parse(ctx.runtime, execution)?.resultData?.error,
	);
	const [scan] = lastItems(ctx.runtime, execution, 'Wait for the Scan');
	expect(scan?.json?.status === 'authorized' && scan.json.account?.wid, 'Wait for the Scan did not report the linked account', scan?.json);
	const welcome = (await callsOf(ctx.sandbox.requestsUrl, 'sendMessage', seq)).find(
		(c) => c.json?.chatId === CONTACT && /^Welcome/.test(c.json.message),
	);
	expect(
		welcome && welcome.json.message.includes(String(idInstance)),
		'the onboarding example sent no welcome naming the new instance',
		welcome,
	);
	pass(
		`onboarding example: instance ${idInstance} created, live QR sent as a PNG, "Phone linked" pressed on the sandbox page → authorized (${scan.json.account.wid}) → "${welcome.json.message}"`,
	);
}
