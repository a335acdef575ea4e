/** `npm run sandbox -- [flags]`: runs the sandbox until Ctrl+C. */
import { parseCliArgs, USAGE, type CliOptions } from './cliArgs';
import { exposureWarning } from './controlGuard';
import { SandboxCore } from './core';
import { CLI_DEFAULTS, resolveOptions } from './options';
import type { RequestRecord } from './requestLog';
import { Sandbox } from './sandbox';

function requestLine(record: RequestRecord): string {
	const time = record.at.slice(11, 19);
	const who = record.idInstance ?? (record.kind === 'partner' ? 'partner' : '-');
	const status = record.status === 0 ? 'dropped' : String(record.status);
	const fault = record.fault ? ` [${record.fault}]` : '';
	return `${time} ${record.host.padEnd(5)} ${record.verb.padEnd(6)} ${(record.method || '(no method)').padEnd(26)} ${String(who).padEnd(11)} → ${status} ${record.durationMs} ms${fault}`;
}

async function main(): Promise<void> {
	let cli: CliOptions;
	try {
		cli = parseCliArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${(error as Error).message}\n\n${USAGE}`);
		process.exit(2);
	}
	if (cli.help) {
		console.log(USAGE);
		return;
	}
	const onRequest = cli.quiet ? undefined : (record: RequestRecord) => console.log(requestLine(record));
	const core = new SandboxCore(resolveOptions({ ...cli.options, onRequest }, CLI_DEFAULTS));
	const sandbox = new Sandbox(core);
	await sandbox.listen();

	const lines = [
		'GREEN-API sandbox is running',
		`  apiUrl         ${sandbox.apiUrl}`,
		`  mediaUrl       ${sandbox.mediaUrl}`,
		`  partnerApiUrl  ${sandbox.partnerApiUrl}   partnerToken ${sandbox.partnerToken}`,
		`  web page       ${sandbox.pageUrl}`,
		'  instances:',
		...sandbox.instances.map((i) => `    idInstance ${i.idInstance}  apiTokenInstance ${i.apiTokenInstance}  (${i.stateInstance})`),
		`  control API    ${sandbox.apiUrl}/sandbox/info  (see sandbox/README.md)`,
		'Ctrl+C stops it.',
	];
	console.log(lines.join('\n'));
	const warning = exposureWarning(core.opts, Number(new URL(sandbox.apiUrl).port));
	if (warning) console.warn(warning);

	const stop = () => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
