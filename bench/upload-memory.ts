/**
 * How much memory an upload of a large file costs, in both n8n binary data modes.
 *
 *   npm run bench:upload
 *
 * Each workflow runs in a fresh process (peak RSS is the kernel's high-water mark) through the
 * real n8n engine (test harness), against a sandbox in its own process. The baseline, measured in
 * the same run, mode and file size, is the same workflow with an operation that leaves the file
 * alone (Get State): what n8n itself spends on the item. The upload's cost is the difference;
 * measuring two file sizes separates what grows with the file from fixed overhead. A node that
 * reads the file into a Buffer and posts a copy (getBinaryDataBuffer + Blob) costs 2 bytes per
 * file byte; streaming from filesystem storage costs about 0, and from memory storage (where n8n
 * keeps the file as base64 in the item anyway) at most one decoded copy. Ratios, not seconds.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { GreenApiInstanceApi } from '../credentials/GreenApiInstanceApi.credentials';
// The .js suffix picks the node's code over the GreenApi.node.json codex next to it.
import { GreenApi } from '../nodes/GreenApi/GreenApi.node.js';
import { removeBinaryDataStorage, runNode, type BinaryMode } from '../test/harness';

const MB = 1024 * 1024;
/** Two sizes: what grows with the file is the upload's cost; the rest is fixed overhead. */
const SMALL_MB = 20;
const LARGE_MB = Number(process.env.BENCH_FILE_MB ?? 90);
/** Streamed uploads must stay well under one copy of the file. */
const STREAMED_MAX_RATIO = 0.35;
/** From memory storage the upload may add one decoded copy, never two. */
const MEMORY_MAX_RATIO = 1.35;

async function startSandboxProcess(): Promise<{ apiUrl: string; mediaUrl: string; stop: () => void }> {
	const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'sandbox/cli.ts', '--port', '0', '--media-port', '0'], {
		cwd: join(__dirname, '..'),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let out = '';
	return await new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const api = /apiUrl\s+(\S+)/.exec(out)?.[1];
			const media = /mediaUrl\s+(\S+)/.exec(out)?.[1];
			if (api && media) resolve({ apiUrl: api, mediaUrl: media, stop: () => child.kill() });
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited (${code}): ${out}`)));
	});
}

type Operation = 'uploadFile' | 'sendFileByUpload' | 'getStateInstance';

/** One workflow run in this process (the child side); prints the process's peak RSS in bytes. */
async function runOnce(mode: BinaryMode, operation: Operation, path: string, apiUrl: string, mediaUrl: string) {
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'green-api-bench-n8n-'));
	const result = await runNode({
		node: new GreenApi(),
		parameters:
			operation === 'getStateInstance'
				? { resource: 'instance', operation }
				: { resource: 'file', operation, binaryPropertyName: 'data', chatId: '79001234567' },
		input: [{ json: {}, binary: { data: { data: createReadStream(path), fileName: 'big.bin', mimeType: 'application/octet-stream' } } }],
		credentials: {
			greenApiInstanceApi: { idInstance: '1101000001', apiTokenInstance: 'sandbox-token-1101000001', apiUrl, mediaUrl },
		},
		credentialTypes: [new GreenApiInstanceApi()],
		binaryMode: mode,
	});
	removeBinaryDataStorage();
	if (result.status !== 'success') throw new Error(`${mode} ${operation}: ${result.error?.message}`);
	// maxRSS is the kernel's high-water mark: it catches peaks a sampler would miss.
	console.log(JSON.stringify({ peak: process.resourceUsage().maxRSS * 1024 }));
}

/** Peak memory of a fresh process running one workflow. */
function peakOf(mode: BinaryMode, operation: Operation, path: string, urls: { apiUrl: string; mediaUrl: string }): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', __filename, 'child', mode, operation, path, urls.apiUrl, urls.mediaUrl], {
			cwd: join(__dirname, '..'),
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.on('exit', (code) => {
			const line = out.trim().split('\n').pop() ?? '';
			if (code === 0 && line.startsWith('{')) resolve((JSON.parse(line) as { peak: number }).peak);
			else reject(new Error(`${mode} ${operation} run failed (${code}): ${out}`));
		});
	});
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'green-api-bench-'));
	const files = { small: join(dir, 'small.bin'), large: join(dir, 'large.bin') };
	writeFileSync(files.small, Buffer.alloc(SMALL_MB * MB, 1));
	writeFileSync(files.large, Buffer.alloc(LARGE_MB * MB, 1));
	const sandbox = await startSandboxProcess();
	try {
		/** Extra peak memory per extra byte of file: 0 when streamed, 1 per copy held. */
		const perByte = async (mode: BinaryMode, operation: Operation) => {
			const extra = async (path: string) =>
				(await peakOf(mode, operation, path, sandbox)) - (await peakOf(mode, 'getStateInstance', path, sandbox));
			const small = await extra(files.small);
			const large = await extra(files.large);
			return { small: small / MB, large: large / MB, ratio: (large - small) / ((LARGE_MB - SMALL_MB) * MB) };
		};
		console.log('Peak memory an upload adds beyond the same workflow without it');
		let ok = true;
		for (const operation of ['uploadFile', 'sendFileByUpload'] as const) {
			for (const [mode, label, target] of [
				['filesystem', 'filesystem binary mode', STREAMED_MAX_RATIO],
				['default', 'memory binary mode', MEMORY_MAX_RATIO],
			] as const) {
				const m = await perByte(mode, operation);
				ok &&= m.ratio < target;
				console.log(
					`  ${operation.padEnd(17)} ${label.padEnd(23)} ${SMALL_MB} MB file +${m.small.toFixed(0)} MB, ` +
						`${LARGE_MB} MB file +${m.large.toFixed(0)} MB → ${m.ratio.toFixed(2)} bytes per file byte (target < ${target})`,
				);
			}
		}
		console.log(ok ? 'PASS' : 'FAIL');
		process.exitCode = ok ? 0 : 1;
	} finally {
		sandbox.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

const [role, mode, operation, path, apiUrl, mediaUrl] = process.argv.slice(2);
if (role === 'child') void runOnce(mode as BinaryMode, operation as Operation, path, apiUrl, mediaUrl);
else void main();
