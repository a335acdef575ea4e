import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { EXAMPLE_FILES_FOLDER, EXAMPLES_DIR } from './paths.mjs';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const jsonFiles = (dir) =>
	readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => join(dir, name));
const digest = (value) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Points credentials that target a local sandbox at the sandbox actually running. */
export function sandboxCredentials({ apiUrl, mediaUrl }, dir = join(EXAMPLES_DIR, 'credentials')) {
	return jsonFiles(dir)
		.flatMap((file) => readJson(file))
		.map((credential) => {
			const local = (url) => /^http:\/\/127\.0\.0\.1:\d+$/.test(url ?? '');
			if (local(credential.data.apiUrl)) return { ...credential, data: { ...credential.data, apiUrl, mediaUrl } };
			// The sandbox serves the partner API on its API port.
			if (local(credential.data.partnerApiUrl)) return { ...credential, data: { ...credential.data, partnerApiUrl: apiUrl } };
			return credential;
		});
}

/**
 * Puts the files the example workflows read (examples/files) into <userFolder>/files, where n8n
 * runs with its working directory and file access set to that folder. A file already there is
 * kept, so a user's edited customer list survives a restart.
 */
export function installExampleFiles(userFolder, dir = join(EXAMPLES_DIR, 'files')) {
	const target = join(userFolder, EXAMPLE_FILES_FOLDER);
	mkdirSync(target, { recursive: true });
	for (const name of readdirSync(dir)) {
		if (!existsSync(join(target, name))) copyFileSync(join(dir, name), join(target, name));
	}
	return target;
}

export const exampleWorkflows = (dir = join(EXAMPLES_DIR, 'workflows')) => jsonFiles(dir).map(readJson);

/**
 * The demo workflows with the sandbox's own address as the file host their downloads may use
 * (the sandbox serves files from this machine, which downloads otherwise refuse).
 */
export function sandboxWorkflows({ apiUrl }, workflows = exampleWorkflows()) {
	const host = new URL(apiUrl).host;
	return workflows.map((workflow) => ({
		...workflow,
		nodes: workflow.nodes.map((node) =>
			typeof node.parameters?.options?.allowedInternalHosts === 'string'
				? { ...node, parameters: { ...node.parameters, options: { ...node.parameters.options, allowedInternalHosts: host } } }
				: node,
		),
	}));
}

/**
 * Imports credentials and workflows that are new, or changed since the last import into this
 * user folder. What was imported is recorded in <userFolder>/imported.json, so a restart
 * imports nothing, and a workflow the user deleted stays deleted.
 */
export async function importOnce(n8n, userFolder, { credentials, workflows }) {
	const stateFile = join(userFolder, 'imported.json');
	let state = { credentials: {}, workflows: {} };
	try {
		state = readJson(stateFile);
	} catch {
		// first run
	}
	const changed = (kind, item) => state[kind][item.id] !== digest(item);
	const newCredentials = credentials.filter((item) => changed('credentials', item));
	const newWorkflows = workflows.filter((item) => changed('workflows', item));

	const staging = join(userFolder, 'import');
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(join(staging, 'workflows'), { recursive: true });
	try {
		if (newCredentials.length) {
			const file = join(staging, 'credentials.json');
			writeFileSync(file, JSON.stringify(newCredentials, null, '\t'), { mode: 0o600 });
			await n8n.cliOk(['import:credentials', `--input=${file}`]);
		}
		if (newWorkflows.length) {
			for (const workflow of newWorkflows) {
				writeFileSync(join(staging, 'workflows', `${workflow.id}.json`), JSON.stringify(workflow, null, '\t'));
			}
			await n8n.cliOk(['import:workflow', '--separate', `--input=${join(staging, 'workflows')}`]);
		}
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
	for (const item of newCredentials) state.credentials[item.id] = digest(item);
	for (const item of newWorkflows) state.workflows[item.id] = digest(item);
	writeFileSync(stateFile, `${JSON.stringify(state, null, '\t')}\n`);
	return { credentials: newCredentials.map((c) => c.name), workflows: newWorkflows.map((w) => w.name) };
}
