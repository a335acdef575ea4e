/** npm start's data folder: the login stays private, --reset deletes only what npm start made. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MODULE = join(ROOT, 'scripts', 'lib', 'userFolder.mjs');
let dir: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'green-api-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `code` as an ES module that has the folder helpers in scope. */
const withHelpers = (code: string) =>
	execFileSync(process.execPath, ['--input-type=module', '-e', `import * as f from ${JSON.stringify(MODULE)};\n${code}`], {
		encoding: 'utf8',
	});

it('makes the login file readable by its owner only on every start, also when it existed', () => {
	const file = join(dir, 'login.json');
	writeFileSync(file, JSON.stringify({ email: 'me@example.com', password: 'kept' }));
	chmodSync(file, 0o644);
	withHelpers(`f.saveLogin(${JSON.stringify(file)}, (saved) => ({ email: saved.email, password: saved.password }));`);
	expect(statSync(file).mode & 0o777).toBe(0o600);
	expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ email: 'me@example.com', password: 'kept' });
});

it('resets a folder it created, and refuses any other', () => {
	const created = join(dir, 'run');
	withHelpers(`f.prepareUserFolder(${JSON.stringify(created)});`);
	writeFileSync(join(created, 'database.sqlite'), 'data');
	withHelpers(`f.prepareUserFolder(${JSON.stringify(created)}, { reset: true });`);
	expect(existsSync(join(created, 'database.sqlite'))).toBe(false);
	expect(existsSync(join(created, '.created-by-npm-start'))).toBe(true);

	const foreign = join(dir, 'home-n8n');
	withHelpers(
		`import { mkdirSync, writeFileSync } from 'node:fs'; mkdirSync(${JSON.stringify(foreign)}); writeFileSync(${JSON.stringify(join(foreign, 'config'))}, 'x');`,
	);
	expect(() => withHelpers(`f.prepareUserFolder(${JSON.stringify(foreign)}, { reset: true });`)).toThrow(
		/deletes only a data folder npm start created/,
	);
	expect(readFileSync(join(foreign, 'config'), 'utf8')).toBe('x');
});

it('npm start -- --reset refuses a folder it did not create, at once and without touching it', () => {
	writeFileSync(join(dir, 'precious.txt'), 'keep me');
	const result = spawnSync(process.execPath, ['scripts/start.mjs', '--reset', '--user-folder', dir, '--port', '1'], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 30_000,
	});
	expect(result.status).toBe(1);
	expect(result.stderr).toMatch(/--reset deletes only a data folder npm start created/);
	expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
});
