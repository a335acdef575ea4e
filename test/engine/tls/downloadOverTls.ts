/**
 * Run by outbound.test.ts in a child process, because Node reads extra trusted certificates
 * (NODE_EXTRA_CA_CERTS) only at start: Download File fetches a file over HTTPS from a host name
 * whose certificate names only that host. The node connects to the address it checked, so this
 * passes only if the request still says the name in TLS (SNI, certificate check) and in Host.
 * Prints one JSON line: the node's error, the bytes it stored, the SNI and Host the server saw.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

import { runNode } from '../../harness';
import { PERSON } from '../operations/cases';
import { startWorld } from '../operations/sandboxSetup';

// Outside jest, "GreenApi.node" would resolve to a native addon (.node): load the TypeScript file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GreenApi } = require('../../../nodes/GreenApi/GreenApi.node.ts') as typeof import('../../../nodes/GreenApi/GreenApi.node');

async function main() {
	const [certFile, keyFile] = process.argv.slice(2);
	const seen: Array<{ sni: string | false | null; host?: string }> = [];
	const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
		seen.push({ sni: (req.socket as TLSSocket).servername, host: req.headers.host });
		res.writeHead(200, { 'content-type': 'application/pdf' });
		res.end('%PDF over TLS');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const world = await startWorld();
	try {
		world.sandbox.setSettings(world.idInstance, { incomingWebhook: 'yes' });
		const { idMessage } = world.sandbox.injectIncoming(world.idInstance, {
			chatId: PERSON,
			typeMessage: 'documentMessage',
			url: `https://localhost:${port}/invoice.pdf`,
		});
		const result = await runNode({
			node: new GreenApi(),
			parameters: {
				resource: 'file',
				operation: 'downloadFile',
				chatId: PERSON,
				idMessage,
				options: { allowedInternalHosts: `localhost:${port}` },
			},
			credentials: world.credentials,
			credentialTypes: world.credentialTypes,
		});
		const bytes = result.items[0]?.binary ? (await result.binary(result.items[0])).toString() : null;
		console.log(JSON.stringify({ error: result.error?.message ?? null, bytes, seen, port }));
	} finally {
		server.closeAllConnections();
		server.close();
		await world.sandbox.close();
	}
}

main().catch((error: unknown) => {
	console.log(JSON.stringify({ crashed: String(error) }));
	process.exitCode = 1;
});
