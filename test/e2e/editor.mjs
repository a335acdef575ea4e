/**
 * The editor as a user sees it, in headless Chromium (Debian's, driven by playwright-core):
 * log in, find the nodes by searching "whatsapp", add the trigger and Send Text, pick a chat
 * from the sandbox's chats, switch to Send Poll, open a credential that fails its test, open
 * saved workflows. With `screenshots`, the pictures README shows are written to docs/images.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import axios from 'axios';

import { REPO_DIR } from '../../scripts/lib/paths.mjs';
import { CHROMIUM_ARGS, ensureChromium } from './lib/browser.mjs';
import { expect, pass } from './lib/expect.mjs';
import { nodeItems, runFromEditor } from './lib/rest.mjs';

/** The e2e run imports it from fixtures/credentials/wrong-token.json. */
const WRONG_TOKEN_CREDENTIAL = 'greenApiBadToken1';
// Generous: n8n's editor is a large app and this machine's CPUs are shared.
const TIMEOUT_MS = 90_000;

const IVAN = { chatId: '79001234567@c.us', name: 'Ivan', contactName: 'Ivan Petrov' };
const MARIA = { chatId: '79007654321@c.us', name: 'Maria Ivanova' };
const GROUP = { groupId: '120363000000000001@g.us', subject: 'Support team', participants: [IVAN.chatId, MARIA.chatId] };

/** Contacts and a group with names, so the chat picker has something to show. */
async function seedChats(sandbox, idInstance) {
	const control = async (path, body) => {
		const url = `${sandbox.apiUrl}/sandbox/instances/${idInstance}/${path}`;
		try {
			return await axios.post(url, body, { timeout: 10_000 });
		} catch (error) {
			throw new Error(`POST ${url}: ${error.message}`);
		}
	};
	for (const contact of [IVAN, MARIA]) await control('contacts', contact);
	await control('groups', GROUP);
}

/** Texts of the visible elements matching selector. */
const texts = async (page, selector) => (await page.locator(selector).allInnerTexts()).map((t) => t.trim());

export async function checkEditor(ctx, http, { screenshots = false } = {}) {
	const { chromium } = await import('playwright-core');
	const executablePath = await ensureChromium(ctx);
	await seedChats(ctx.sandbox, ctx.instance.idInstance);
	ctx.report.info('  chromium ready, the sandbox has named chats; opening the editor');

	const shotsDir = screenshots ? join(REPO_DIR, 'docs', 'images') : join(ctx.workDir, 'screenshots');
	mkdirSync(shotsDir, { recursive: true });
	const taken = [];
	const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: TIMEOUT_MS });
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(TIMEOUT_MS);
		const shot = async (name, options = {}) => {
			const path = join(shotsDir, `${name}.png`);
			await page.screenshot({ path, ...options });
			taken.push(path);
		};
		const url = ctx.n8n.url;

		await page.goto(`${url}/signin`);
		await page.fill('#emailOrLdapLoginId', ctx.login.email);
		await page.fill('#password', ctx.login.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((address) => !address.pathname.includes('signin'));
		pass('editor: logged in as the owner in Chromium');

		try {
			await searchNodes(page, url);
			await checkTrigger(page, shot);
			await checkActionNode(page, shot);
			await checkCredentialDialog(page, url, shot, ctx.wrongTokenCredential ?? WRONG_TOKEN_CREDENTIAL);
			await checkSavedWorkflows(page, url, http, ctx);
			await page.goto(ctx.sandbox.pageUrl);
			await page.getByText('GREEN-API sandbox', { exact: true }).waitFor();
			const chat = page.getByText(IVAN.chatId, { exact: true }).first();
			await chat.waitFor();
			await chat.click();
			await page.waitForTimeout(1000);
			await shot('sandbox-page');
			pass("editor: the sandbox page shows the instance's chats");
		} catch (error) {
			const path = join(ctx.workDir, 'editor-failure.png');
			await page.screenshot({ path }).catch(() => undefined);
			error.message += `\n(the page as it was: ${path})`;
			throw error;
		}
	} finally {
		await browser.close();
	}
	ctx.report.info(`  screenshots: ${taken.map((path) => path.replace(`${REPO_DIR}/`, '')).join(', ')}`);
	return taken;
}

/** Typing "whatsapp" in the nodes panel finds both triggers; the trigger lists its events. */
async function searchNodes(page, url) {
	await page.goto(`${url}/workflow/new`);
	await page.click('[data-test-id="node-creator-plus-button"]');
	for (const query of ['whatsapp', 'green api']) {
		await page.fill('[data-test-id="node-creator-search-bar"]', query);
		await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^GREEN-API$/ }).waitFor();
		const found = await texts(page, '[data-test-id="node-creator-item-name"]');
		expect(
			found.includes('GREEN-API') && found.includes('GREEN-API Queue'),
			`searching "${query}" did not find both GREEN-API triggers`,
			found,
		);
	}
	await page.fill('[data-test-id="node-creator-search-bar"]', 'whatsapp');
	await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^GREEN-API$/ }).click();
	const panel = page.locator('[data-test-id="node-creator"]');
	await panel.getByText('On incoming message', { exact: true }).waitFor();
	const listed = await panel.innerText();
	for (const event of [
		'On incoming message',
		'On message sent through the API',
		'On outgoing call (beta)',
		'On socket status change (deprecated)',
	]) {
		expect(listed.includes(event), `the trigger's event list lacks "${event}"`, listed);
	}
	expect(!/ (legacy|beta|deprecated|not working yet)$/m.test(listed), 'an event in the nodes panel has an unbracketed status', listed);
	pass('editor: "whatsapp" and "green api" find the GREEN-API triggers; events read "On incoming message", "On outgoing call (beta)", …');
}

async function useSandboxCredential(page) {
	const select = page.locator('[data-test-id="node-credentials-select"]');
	await select.waitFor();
	const current = await select
		.locator('input')
		.inputValue()
		.catch(() => '');
	if (current === 'GREEN-API Sandbox') return;
	await select.click();
	await page.click('[data-test-id="node-credentials-select-item-greenApiSandbox1"]');
	// Let the list close before a screenshot.
	await page.locator('[data-test-id="node-credentials-select-item-greenApiSandbox1"]').waitFor({ state: 'hidden' });
}

async function parameterLabels(page) {
	return texts(page, '[data-test-id="ndv"] [data-test-id="node-parameters"] [data-test-id="input-label"]');
}

async function checkTrigger(page, shot) {
	await page.locator('[data-test-id="node-creator"]').getByText('On incoming message', { exact: true }).click();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await useSandboxCredential(page);
	const labels = await parameterLabels(page);
	for (const label of ['Events', 'Message Types', 'Chats', 'Simplify', 'Take Over Existing Webhook']) {
		expect(
			labels.some((text) => text.startsWith(label)),
			`the trigger panel lacks "${label}"`,
			labels,
		);
	}
	await shot('trigger-panel');
	await page.click('[data-test-id="parameter-input-messageTypes"]');
	const kinds = page.locator('[data-test-id="parameter-input-messageTypes"], .el-select-dropdown:visible, [role="listbox"]:visible');
	await page.getByText('Button Reply (Legacy)', { exact: true }).first().waitFor();
	const shown = (await kinds.allInnerTexts()).join('\n');
	expect(!shown.includes('(Legacy) (Legacy)'), 'Message Types repeat "(Legacy)"', shown);
	await page.keyboard.press('Escape');
	pass('editor: the trigger panel shows Events, Message Types ("Button Reply (Legacy)", once), Chats, Simplify');
	await page.click('[data-test-id="ndv-close-button"]');
}

async function checkActionNode(page, shot) {
	await page.click('[data-test-id="canvas-handle-plus"]');
	await page.fill('[data-test-id="node-creator-search-bar"]', 'whatsapp');
	await page.locator('[data-test-id="node-creator-item-name"]', { hasText: /^GREEN-API$/ }).click();
	const panel = page.locator('[data-test-id="node-creator"]');
	await panel.getByText('Send a text message', { exact: true }).waitFor();
	const actions = await panel.innerText();
	expect(
		!/Send a message with buttons\b|Send a message with template buttons|Send a message with a selection list/.test(actions),
		'the nodes panel offers archived operations',
		actions,
	);
	await panel.getByText('Send a text message', { exact: true }).click();
	await page.locator('[data-test-id="ndv"] [data-test-id="resource-locator-chatId"]').waitFor();
	await useSandboxCredential(page);
	const labels = await parameterLabels(page);
	for (const label of ['Resource', 'Operation', 'Chat', 'Text', 'Link Preview', 'Options']) {
		expect(
			labels.some((text) => text.startsWith(label)),
			`Send Text lacks "${label}"`,
			labels,
		);
	}
	await shot('action-panel');

	const locator = page.locator('[data-test-id="resource-locator-chatId"]');
	await locator.locator('[data-test-id="rlc-input"]').click();
	await page.locator('[data-test-id="rlc-item"]').first().waitFor();
	const chats = await texts(page, '[data-test-id="rlc-item"]');
	for (const chat of ['Ivan Petrov (+79001234567)', 'Maria Ivanova (+79007654321)', 'Support team (group)']) {
		expect(chats.includes(chat), `the chat picker does not list "${chat}"`, chats);
	}
	await shot('chat-picker');
	await page.locator('[data-test-id="rlc-item"]', { hasText: 'Ivan Petrov' }).click();
	pass(`editor: Send Text's chat picker lists the sandbox's chats (${chats.join(', ')})`);

	await page.click('[data-test-id="parameter-input-operation"]');
	await page.locator('.el-select-dropdown__item:visible', { hasText: 'Send Poll' }).first().waitFor();
	const operations = (await texts(page, '.el-select-dropdown__item:visible')).map((text) => text.split('\n')[0]);
	expect(
		operations.includes('Send Poll') && !operations.some((name) => name.includes('(Deprecated)')),
		'the Operation list of a new node is wrong',
		operations,
	);
	await page.locator('.el-select-dropdown__item:visible', { hasText: /^Send Poll/ }).click();
	await page.locator('[data-test-id="ndv"]').getByText('Add Answer', { exact: true }).waitFor();
	const pollLabels = await parameterLabels(page);
	expect(
		pollLabels.some((t) => t.startsWith('Answers')) && pollLabels.some((t) => t.startsWith('Options')),
		'Send Poll does not show Answers and Options',
		pollLabels,
	);
	expect(pollLabels.filter((t) => t.startsWith('Options')).length === 1, 'Send Poll shows two sections called Options', pollLabels);
	await shot('send-poll');
	pass('editor: a new node offers no archived operation; Send Poll shows "Answers" (Add Answer) apart from "Options"');
	await page.click('[data-test-id="ndv-close-button"]');
	// n8n names a new node after its action and renames it with the operation.
	const canvas = await page.locator('[data-test-id="canvas"]').innerText();
	expect(
		/Send a poll\s+Send a poll/.test(canvas) && /GREEN-API Trigger\s+Incoming Message/.test(canvas),
		'the canvas subtitles show internal names',
		canvas,
	);
	pass('editor: canvas subtitles read "Send a poll" and "Incoming Message", not sendPoll or incomingMessageReceived');
}

async function checkCredentialDialog(page, url, shot, credentialId) {
	await page.goto(`${url}/home/credentials/${credentialId}`);
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	await modal.waitFor();
	// Opening a credential runs its test; n8n shows the test's message under "More details".
	await modal.getByText('More details', { exact: true }).click();
	await modal.getByText('GREEN-API rejected the API token', { exact: false }).waitFor();
	const text = await modal.innerText();
	for (const label of ['Instance ID', 'API Token', 'API URL', 'Media URL']) {
		expect(text.includes(label), `the credential dialog lacks "${label}"`, text);
	}
	await shot('credential-dialog');
	pass('editor: a wrong token\'s credential dialog says "GREEN-API rejected the API token. Copy apiTokenInstance again…"');
	await page.keyboard.press('Escape');
}

/** A version 1 node shows its saved text as before; a plain string in a 1.1 chat picker is shown and run as an ID. */
async function checkSavedWorkflows(page, url, http, { runtime, workDir }) {
	const openNode = async (workflowId, nodeName) => {
		await page.goto(`${url}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).dblclick();
		await page.locator('[data-test-id="ndv"]').waitFor();
	};
	await openNode('greenApiDemoSend1', 'Send Text');
	const saved = await page
		.locator(
			'[data-test-id="ndv"] [data-test-id="parameter-input-chatId"] input, [data-test-id="ndv"] [data-test-id="parameter-input-chatId"] textarea',
		)
		.first()
		.inputValue();
	expect(saved === '79001234567', `a saved version 1 node shows chat "${saved}"`);
	expect(
		(await page.locator('[data-test-id="ndv"] [data-test-id="resource-locator-chatId"]').count()) === 0,
		'a saved version 1 node shows a chat picker',
	);
	pass('editor: a saved version 1 node still shows its chat as the text it saved');

	const workflow = {
		name: 'GREEN-API 1.1 node holding a plain chat string',
		nodes: [
			{ id: 'a1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a2',
				name: 'Send Text',
				type: 'n8n-nodes-green-api.greenApi',
				typeVersion: 1.1,
				position: [300, 0],
				parameters: { chatId: '79001234567', message: 'plain string in a chat picker' },
				credentials: { greenApiInstanceApi: { id: 'greenApiSandbox1', name: 'GREEN-API Sandbox' } },
			},
		],
		connections: { Manual: { main: [[{ node: 'Send Text', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	const created = await http.post('/rest/workflows', workflow);
	expect(created.status === 200, `POST /rest/workflows answered ${created.status}`, created.data);
	const id = created.data.data?.id ?? created.data.id;
	await openNode(id, 'Send Text');
	const rl = page.locator('[data-test-id="ndv"] [data-test-id="resource-locator-chatId"]');
	await rl.waitFor();
	const mode = await rl.locator('[data-test-id="rlc-mode-selector"] input').inputValue();
	const value = await rl.locator('[data-test-id="rlc-input"]').inputValue();
	expect(value === '79001234567', `the chat picker shows a saved plain string as "${value}"`);
	await page.screenshot({ path: join(workDir, 'plain-string-in-chat-picker.png') });
	await page.click('[data-test-id="ndv-close-button"]');
	const execution = await runFromEditor(http, id, 'Manual');
	const [sent] = nodeItems(runtime, execution, 'Send Text');
	expect(
		execution.status === 'success' && typeof sent?.idMessage === 'string',
		'the node holding a plain chat string did not send',
		execution,
	);
	pass(
		`editor: a plain string saved in a chat picker shows as "${value}" (mode "${mode || 'none'}") and runs (idMessage ${sent.idMessage})`,
	);
}
