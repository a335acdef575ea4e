import axios from 'axios';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { GreenApiInstanceApi } from '../../../credentials/GreenApiInstanceApi.credentials';
import { GreenApiPartnerApi } from '../../../credentials/GreenApiPartnerApi.credentials';
import { startSandbox, type Sandbox } from '../../../sandbox';

/** A sandbox plus the credentials that point the node at it. */
export interface SandboxWorld {
	sandbox: Sandbox;
	idInstance: string;
	token: string;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes: [GreenApiInstanceApi, GreenApiPartnerApi];
	/** Calls the sandbox's GREEN-API directly, e.g. to prepare state for a test. */
	call: <T = Record<string, unknown>>(method: string, body?: unknown, verb?: 'GET' | 'POST') => Promise<T>;
}

export async function startWorld(options: Parameters<typeof startSandbox>[0] = {}): Promise<SandboxWorld> {
	const sandbox = await startSandbox({ rateLimits: false, ...options });
	const [{ idInstance, apiTokenInstance }] = sandbox.instances;
	const base = `${sandbox.apiUrl}/waInstance${idInstance}`;
	return {
		sandbox,
		idInstance: String(idInstance),
		token: apiTokenInstance,
		credentials: {
			greenApiInstanceApi: {
				idInstance: String(idInstance),
				apiTokenInstance,
				apiUrl: sandbox.apiUrl,
				mediaUrl: sandbox.mediaUrl,
			},
			greenApiPartnerApi: { partnerToken: sandbox.partnerToken, partnerApiUrl: sandbox.partnerApiUrl },
		},
		credentialTypes: [new GreenApiInstanceApi(), new GreenApiPartnerApi()],
		call: async (method, body, verb = body === undefined ? 'GET' : 'POST') =>
			(await axios.request({ method: verb, url: `${base}/${method}/${apiTokenInstance}`, data: body })).data,
	};
}
