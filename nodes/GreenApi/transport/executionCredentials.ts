import type { ICredentialsDecrypted } from 'n8n-workflow';

import type { GreenApiContext } from './types';

const cache = new WeakMap<object, Map<string, Promise<ICredentialsDecrypted>>>();

async function load(ctx: GreenApiContext, type: string): Promise<ICredentialsDecrypted> {
	const data = await ctx.getCredentials(type);
	const ref = ctx.getNode().credentials?.[type];
	return { id: ref?.id ?? '', name: ref?.name ?? type, type, data };
}

/**
 * The node's credential, loaded and decrypted once per node run instead of twice per request
 * (n8n reads it from the database each time). It lives as long as the run's context object and
 * is passed to httpRequestWithAuthentication, which then skips its own lookup. Like n8n's
 * helper, it resolves the credential for the run, not per item.
 */
export function executionCredentials(ctx: GreenApiContext, type: string): Promise<ICredentialsDecrypted> {
	let byType = cache.get(ctx);
	if (!byType) {
		byType = new Map();
		cache.set(ctx, byType);
	}
	let pending = byType.get(type);
	if (!pending) {
		pending = load(ctx, type);
		byType.set(type, pending);
		const forget = byType;
		pending.catch(() => forget.delete(type));
	}
	return pending;
}
