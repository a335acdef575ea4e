import { existsSync } from 'node:fs';

/**
 * Installs Debian packages with apt-get (as root, or through passwordless sudo) when find()
 * does not find what they provide; returns what find() returns afterwards. Tries without
 * `apt-get update` first: on a machine whose package lists are fresh that saves a minute.
 */
export async function ensureDebianPackages({ processes, report }, packages, find, what = packages.join(', ')) {
	const found = find();
	if (found) return found;
	const prefix = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	const apt = async (...args) => {
		const [command, ...rest] = [...prefix, 'apt-get', ...args];
		return processes.run(command, command, rest, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeoutMs: 600_000,
		});
	};
	report.info(`${what} is not installed; installing ${packages.join(' ')} with apt-get`);
	let result = await apt('install', '-y', '--no-install-recommends', ...packages);
	if (result.code !== 0 || !find()) {
		await apt('update');
		result = await apt('install', '-y', '--no-install-recommends', ...packages);
	}
	const installed = find();
	if (!installed) {
		throw new Error(
			`could not install ${packages.join(' ')} with apt-get (needs root or passwordless sudo):\n${result.stderr.slice(-2000)}`,
		);
	}
	return installed;
}

/** The first of these files that exists. */
export const firstExisting = (files) => files.find((file) => existsSync(file));
