import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_DIR } from './paths.mjs';
import { httpGet, portInUse, tcpOpen, waitFor } from './processes.mjs';

/** The sandbox's built-in instance, partner token and fake tokens (documented, not secrets). */
export const SANDBOX = {
	idInstance: '1101000001',
	apiTokenInstance: 'sandbox-token-1101000001',
	partnerToken: 'sandbox-partner-token',
};

export const SANDBOX_CLI = join(REPO_DIR, 'sandbox', 'cli.ts');

export const sandboxAvailable = () => existsSync(SANDBOX_CLI);

export function sandboxUrls(port, mediaPort) {
	return {
		apiUrl: `http://127.0.0.1:${port}`,
		mediaUrl: `http://127.0.0.1:${mediaPort}`,
		pageUrl: `http://127.0.0.1:${port}/sandbox/`,
		requestsUrl: `http://127.0.0.1:${port}/sandbox/requests`,
	};
}

/**
 * Starts `npm run sandbox` on the given ports and waits until both listen. The media port is
 * only probed with a TCP connect, so the wait leaves no record in the sandbox's request log.
 */
export async function startSandbox(processes, { port, mediaPort, logFile, echo, args = [], timeoutMs = 60_000 }) {
	for (const p of [port, mediaPort]) {
		if (await portInUse(p)) throw new Error(`port ${p} is already in use; pick other sandbox ports`);
	}
	const entry = processes.start(
		'sandbox',
		'npm',
		['run', '--silent', 'sandbox', '--', '--port', String(port), '--media-port', String(mediaPort), ...args],
		{ cwd: REPO_DIR, logFile, echo },
	);
	const urls = sandboxUrls(port, mediaPort);
	await waitFor('sandbox start', async () => (await httpGet(urls.pageUrl)).status === 200, { timeoutMs, process: entry });
	await waitFor('sandbox media port', () => tcpOpen(mediaPort), { timeoutMs: 10_000, process: entry });
	return { entry, ...urls };
}
