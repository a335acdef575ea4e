import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureDebianPackages, firstExisting } from './apt.mjs';
import { describeExit, freePort, tcpOpen, waitFor } from './processes.mjs';

/** The bin folder of the newest PostgreSQL Debian installed (/usr/lib/postgresql/<version>/bin). */
function findPostgresBin() {
	let versions = [];
	try {
		versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
	} catch {
		return undefined;
	}
	const bin = firstExisting(versions.map((version) => join('/usr/lib/postgresql', version, 'bin', 'postgres')));
	return bin && join(bin, '..');
}

function systemUser(name) {
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith(`${name}:`));
	if (!line) return undefined;
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A private PostgreSQL server for one run: Debian's package (installed when missing), a fresh
 * cluster in a temp folder, on a free loopback port with its socket in that folder, without
 * durability (fsync off: the data is thrown away). PostgreSQL refuses to run as root, so its
 * binaries run as the `postgres` user the package creates. Returns the connection settings n8n
 * needs; the server stops with the other processes of the run (SIGINT: fast shutdown) and
 * remove() deletes its folder.
 */
export async function startPostgres({ processes, report }, { logFile, database = 'n8n', user = 'n8n' } = {}) {
	const bin = await ensureDebianPackages({ processes, report }, ['postgresql'], findPostgresBin, 'PostgreSQL');
	const owner = systemUser('postgres');
	if (!owner) throw new Error('the postgresql package did not create the postgres user');
	const dir = mkdtempSync(join(tmpdir(), 'green-api-pg-'));
	chownSync(dir, owner.uid, owner.gid);
	const dataDir = join(dir, 'data');
	// setpriv runs the binary itself as postgres (no extra process), so signals reach it directly.
	const asPostgres = (binary, args) => [
		'setpriv',
		['--reuid=postgres', '--regid=postgres', '--init-groups', '--', join(bin, binary), ...args],
	];
	const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
	const init = await processes.run(
		'initdb',
		...asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', user, '-E', 'UTF8', '--no-sync']),
		{
			env,
			cwd: dir,
			timeoutMs: 180_000,
		},
	);
	if (init.code !== 0) throw new Error(`initdb failed (${describeExit(init)}):\n${(init.stdout + init.stderr).slice(-3000)}`);
	const port = await freePort();
	const settings = [
		'listen_addresses=127.0.0.1',
		`unix_socket_directories=${dir}`,
		'fsync=off',
		'synchronous_commit=off',
		'full_page_writes=off',
		'max_connections=200',
	];
	const entry = processes.start(
		'postgres',
		...asPostgres('postgres', ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])]),
		{
			env,
			cwd: dir,
			logFile,
			stopSignal: 'SIGINT',
		},
	);
	await waitFor('postgres start', () => tcpOpen(port), { timeoutMs: 60_000, process: entry });
	const createdb = await processes.run(
		'createdb',
		...asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]),
		{
			env,
			cwd: dir,
			timeoutMs: 60_000,
		},
	);
	if (createdb.code !== 0) throw new Error(`createdb failed (${describeExit(createdb)}):\n${createdb.stderr.slice(-2000)}`);
	return {
		entry,
		port,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** psql -c sql, as the n8n user; resolves to the unaligned, tuples-only output. */
		async query(sql) {
			const result = await processes.run(
				'psql',
				join(bin, 'psql'),
				['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql],
				{
					env,
					timeoutMs: 120_000,
				},
			);
			if (result.code !== 0) throw new Error(`psql failed (${describeExit(result)}): ${result.stderr.slice(-2000)}`);
			return result.stdout;
		},
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
