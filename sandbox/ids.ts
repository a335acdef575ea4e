/** Ids shaped like the ones GREEN-API hands out (see the examples in the contract). */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();

/** Messages sent through the API: `BAE5` + 12 hex digits, e.g. BAE5F4886F6F2D05. */
export const outgoingMessageId = () => `BAE5${hex(6)}`;

/** Messages from other people or the phone: `3EB0` + 16 hex digits, e.g. 3EB0C767D097B7C7C040. */
export const incomingMessageId = () => `3EB0${hex(8)}`;

/** Calls: 32 hex digits. */
export const callId = () => hex(16);

export const groupChatId = () => `120363${String(randomInt(0, 1e12)).padStart(12, '0')}@g.us`;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const inviteCode = () => Array.from({ length: 22 }, () => ALPHANUMERIC[randomInt(0, 62)]).join('');

/** WhatsApp pairing codes are 8 characters. */
const PAIRING = 'ABCDEFGHJKLMNPQRSTVWXYZ0123456789';
export const pairingCode = () => Array.from({ length: 8 }, () => PAIRING[randomInt(0, PAIRING.length)]).join('');

export const fileId = () => randomUUID();

/** Instance tokens are 50 lowercase hex characters. */
export const apiToken = () => randomBytes(25).toString('hex');

export const nowSeconds = () => Math.floor(Date.now() / 1000);
