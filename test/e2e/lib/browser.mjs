import { existsSync } from 'node:fs';

/**
 * Headless Chromium for the browser checks: playwright-core drives Debian's chromium package,
 * installed with apt-get when it is missing (as root, or through passwordless sudo).
 */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export async function ensureChromium({ processes, report }) {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	const apt = async (...args) => {
		// Other jobs on the machine may hold the dpkg lock for a while: wait for it.
		const [command, ...rest] = [...prefix, 'apt-get', '-o', 'DPkg::Lock::Timeout=600', ...args];
		return processes.run(command, command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 900_000 });
	};
	report.info('chromium is not installed; installing it with apt-get');
	let result = await apt('install', '-y', '--no-install-recommends', 'chromium');
	if (result.code !== 0) {
		await apt('update');
		result = await apt('install', '-y', '--no-install-recommends', 'chromium');
	}
	if (!existsSync(CHROMIUM)) {
		throw new Error(`could not install chromium with apt-get (needs root or passwordless sudo):\n${result.stderr.slice(-2000)}`);
	}
	return CHROMIUM;
}

/** Starts headless Chromium; close the browser it returns when done. */
export async function launchChromium(ctx) {
	const executablePath = await ensureChromium(ctx);
	const { chromium } = await import('playwright-core');
	return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}
