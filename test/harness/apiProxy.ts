import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands between the nodes and a GREEN-API (the sandbox) to produce faults the API itself does
 * not: an answer lost after GREEN-API acted on the request, or an answer GREEN-API's docs do
 * not foresee. Point the credential's API URL at `url`.
 */
export interface ApiProxy {
	url: string;
	/** The next `times` calls of `method` reach GREEN-API, but the connection drops before the answer. */
	loseAnswer(method: string, times?: number): void;
	/** The next `times` answers to `method` are replaced by what `rewrite` makes of them. */
	rewriteAnswer(method: string, rewrite: (body: unknown) => unknown, times?: number): void;
	close(): Promise<void>;
}

interface Rule {
	method: string;
	times: number;
	rewrite?: (body: unknown) => unknown;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** The GREEN-API method of `/waInstance{id}/{method}/{token}…`. */
const methodOf = (path: string) => (path.split('?')[0].split('/')[2] ?? '').toLowerCase();

export async function startApiProxy(target: string): Promise<ApiProxy> {
	const rules: Rule[] = [];
	const take = (method: string): Rule | undefined => {
		const rule = rules.find((candidate) => candidate.method === method && candidate.times > 0);
		if (rule) rule.times--;
		return rule;
	};

	const server: Server = createServer((req, res) => {
		void (async () => {
			const body = await readAll(req);
			const rule = take(methodOf(req.url ?? ''));
			const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
				const forward = request(`${target}${req.url ?? ''}`, { method: req.method, headers: req.headers }, resolve);
				forward.on('error', reject);
				forward.end(body);
			});
			const answer = await readAll(upstream);
			if (rule && !rule.rewrite) {
				req.socket.destroy();
				return;
			}
			const headers = { ...upstream.headers };
			delete headers['content-length'];
			let payload = answer;
			if (rule?.rewrite) {
				const parsed = answer.length ? (JSON.parse(answer.toString()) as unknown) : null;
				payload = Buffer.from(JSON.stringify(rule.rewrite(parsed)));
				headers['content-type'] = 'application/json';
			}
			res.writeHead(upstream.statusCode ?? 502, headers).end(payload);
		})().catch(() => req.socket.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		loseAnswer: (method, times = 1) => rules.push({ method: method.toLowerCase(), times }),
		rewriteAnswer: (method, rewrite, times = 1) => rules.push({ method: method.toLowerCase(), times, rewrite }),
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
