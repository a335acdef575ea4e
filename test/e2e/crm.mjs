import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseExecuteOutput } from '../../scripts/lib/n8n.mjs';
import { EXAMPLE_FILES_FOLDER, EXAMPLES_DIR } from '../../scripts/lib/paths.mjs';
import { expect, expectNoTokens, pass } from './lib/expect.mjs';
import { callsOf, lastSeq } from './lib/sandboxLog.mjs';

const CRM_ID = 'greenApiDemoCrm01';
const NO_WHATSAPP = 'This number has no WhatsApp account';

/** Rows of a CSV file with a header row, as objects (quoted fields, doubled quotes). */
function readCsv(raw) {
	const text = raw.replace(/^\uFEFF/, '');
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') (row.push(field), (field = ''));
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			(row.push(field), rows.push(row), (row = []), (field = ''));
		} else field += c;
	}
	if (field || row.length) (row.push(field), rows.push(row));
	const [header, ...body] = rows.filter((r) => r.some((value) => value !== ''));
	return body.map((values) => Object.fromEntries(header.map((key, i) => [key, values[i] ?? ''])));
}

const digits = (phone) => phone.replace(/\D/g, '');

/**
 * The "CRM to WhatsApp" demo as npm start imports it: a customer CSV read with n8n's own nodes,
 * Check WhatsApp and Send Text with Parallel Requests, a result file with each customer's
 * idMessage or error.
 */
export async function checkCrmExample({ n8n, sandbox, tokens, workDir }) {
	const customers = readCsv(readFileSync(join(EXAMPLES_DIR, 'files', 'crm-customers.csv'), 'utf8'));
	const seq = await lastSeq(sandbox.requestsUrl);
	const result = await n8n.cli(['execute', `--id=${CRM_ID}`, '--rawOutput']);
	expectNoTokens(result.output, tokens, `the output of n8n execute --id=${CRM_ID}`);
	expect(result.code === 0, `the CRM demo failed (exit code ${result.code})`, result.output.slice(-4000));
	const execution = parseExecuteOutput(result.stdout);
	expect(execution.status === 'success', `the CRM demo ended with status ${execution.status}`, execution.data?.resultData?.error);

	const rows = readCsv(readFileSync(join(workDir, 'n8n', EXAMPLE_FILES_FOLDER, 'crm-results.csv'), 'utf8'));
	expect(rows.length === customers.length, `the result file has ${rows.length} rows for ${customers.length} customers`, rows);
	const checks = await callsOf(sandbox.requestsUrl, 'checkWhatsapp', seq);
	const sends = (await callsOf(sandbox.requestsUrl, 'sendMessage', seq)).filter((call) => call.status === 200);
	let sent = 0;
	for (const customer of customers) {
		const row = rows.find((r) => r.name === customer.name);
		expect(row, `no result row for ${customer.name}`, rows);
		if (digits(customer.phone).length < 7) {
			expect(!row.idMessage && /is not a phone number/.test(row.error), `${customer.name}: the bad phone number is not reported`, row);
			continue;
		}
		if (digits(customer.phone).endsWith('0000')) {
			expect(!row.idMessage && row.error === NO_WHATSAPP, `${customer.name}: a number without WhatsApp got a text or no explanation`, row);
			continue;
		}
		const call = sends.find((c) => c.response?.idMessage === row.idMessage);
		expect(row.idMessage && !row.error && call, `${customer.name}: no idMessage the sandbox handed out`, { row, sends });
		expect(
			call.json.chatId === `${digits(customer.phone)}@c.us` &&
				call.json.message === `Hello ${customer.name}! Your order ${customer.order} is ready for pickup.`,
			`${customer.name}: the sandbox got another chat or text`,
			call.json,
		);
		sent++;
	}
	expect(sends.length === sent, `the sandbox got ${sends.length} texts, the result file reports ${sent}`, sends);
	expect(checks.length === customers.length - 1, `the sandbox got ${checks.length} checks; the bad number must not be sent`, checks);
	pass(
		`CRM demo: ${customers.length} customers read from CSV, ${checks.length} checked and ${sent} texted with Parallel Requests; the result file has each idMessage or error`,
	);
}
