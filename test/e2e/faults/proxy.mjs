import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';

/**
 * A small load balancer in front of n8n's webhook processes, as companies put one there. Two
 * ways to pick a process for a request:
 *   sticky       by a hash of the body: every copy of a notification reaches the same process,
 *                different notifications spread over all of them;
 *   round-robin  the next process for each request: copies of one notification land on
 *                different processes.
 * It records what it forwarded: which notification (idMessage), where, and the answer.
 */
export async function startProxy(upstreamPorts, { mode = 'sticky' } = {}) {
	const forwarded = [];
	let next = 0;
	const state = { mode };
	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const upstream =
				state.mode === 'sticky'
					? createHash('sha256').update(body).digest().readUInt32BE(0) % upstreamPorts.length
					: next++ % upstreamPorts.length;
			let idMessage;
			try {
				idMessage = JSON.parse(body.toString('utf8')).idMessage;
			} catch {
				// not JSON: forwarded as it is
			}
			const record = { at: Date.now(), idMessage, upstream, status: 0 };
			forwarded.push(record);
			const headers = { ...req.headers, host: `127.0.0.1:${upstreamPorts[upstream]}` };
			const out = request({ host: '127.0.0.1', port: upstreamPorts[upstream], method: req.method, path: req.url, headers }, (answer) => {
				record.status = answer.statusCode;
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			});
			out.on('error', (error) => {
				record.error = error.code ?? error.message;
				if (!res.headersSent) res.writeHead(502).end();
				else res.destroy();
			});
			// The sender gave up (a slow answer): the request to n8n goes on, as behind a real balancer.
			out.end(body);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/`,
		forwarded,
		setMode(newMode) {
			state.mode = newMode;
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
