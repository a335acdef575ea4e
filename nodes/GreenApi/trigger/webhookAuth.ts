import { createHash, timingSafeEqual } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

/**
 * The workflow's static data keeps only a SHA-256 of the webhook token: n8n shows static data to
 * anyone who may read the workflow, and the token itself would let them post notifications.
 */
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const HASH = /^[0-9a-f]{64}$/;

/** Whether the Authorization header is `Bearer <our token>`, compared in constant time. */
export function hasOurToken(header: unknown, hash: unknown): boolean {
	if (typeof header !== 'string' || typeof hash !== 'string' || !HASH.test(hash)) return false;
	const match = /^bearer\s+(\S+)$/i.exec(header.trim());
	if (!match) return false;
	return timingSafeEqual(Buffer.from(tokenHash(match[1]), 'hex'), Buffer.from(hash, 'hex'));
}

/**
 * Workflows activated by earlier versions kept the token itself; it is replaced by its hash the
 * first time n8n hands the static data to the trigger, so they keep working without re-activation.
 */
export function hashStoredToken(staticData: IDataObject): void {
	if (typeof staticData.webhookToken !== 'string') return;
	staticData.webhookTokenHash ??= tokenHash(staticData.webhookToken);
	delete staticData.webhookToken;
}
