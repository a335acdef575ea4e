import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Left in a data folder npm start created; --reset deletes only folders that have it. */
export const CREATED_MARK = '.created-by-npm-start';

/**
 * Makes the data folder ready. A folder npm start creates gets the mark; so does the default
 * folder, which only npm start uses. With reset, a marked folder is deleted and made afresh; any
 * other folder (say `--user-folder ~/.n8n`) is refused, never deleted.
 */
export function prepareUserFolder(folder, { reset = false, isDefault = false } = {}) {
	const mark = join(folder, CREATED_MARK);
	if (existsSync(folder) && !existsSync(mark) && isDefault) writeFileSync(mark, '');
	if (reset && existsSync(folder)) {
		if (!existsSync(mark)) {
			throw new Error(
				`--reset deletes only a data folder npm start created, and ${folder} was not (it has no ${CREATED_MARK}); delete it yourself if you mean to`,
			);
		}
		rmSync(folder, { recursive: true, force: true });
	}
	if (!existsSync(folder)) {
		mkdirSync(folder, { recursive: true });
		writeFileSync(mark, 'This folder was created by npm start; npm start -- --reset may delete it.\n');
	}
}

/** Reads the remembered login; writes it back readable by the owner only, also when the file existed. */
export function saveLogin(file, pick) {
	let saved = {};
	try {
		saved = JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		// first start
	}
	const login = pick(saved);
	writeFileSync(file, `${JSON.stringify(login, null, '\t')}\n`, { mode: 0o600 });
	// The mode above applies only when the file is created.
	chmodSync(file, 0o600);
	return login;
}
