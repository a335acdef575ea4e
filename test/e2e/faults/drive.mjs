import { waitFor } from '../../../scripts/lib/processes.mjs';

const CHAT_ID = '79001234567@c.us';

/** Contacts send these texts (a few at a time); returns { text, idMessage, receiptId } in order. */
export async function inject(instance, texts, { parallel = 8 } = {}) {
	const results = new Array(texts.length);
	let next = 0;
	const worker = async () => {
		while (next < texts.length) {
			const index = next++;
			const { idMessage, notification } = await instance.incoming({ chatId: CHAT_ID, text: texts[index] });
			results[index] = { text: texts[index], idMessage, receiptId: notification?.receiptId };
		}
	};
	await Promise.all(Array.from({ length: parallel }, worker));
	return results;
}

/**
 * Polls progress() ({ done, total }) until done reaches total. There is no fixed deadline for
 * the whole: it fails only when nothing moved for stallMs (or after maxMs in all). `what` names
 * the wait in the error (a function: evaluated then).
 */
export async function waitForProgress(what, progress, { stallMs = 180_000, maxMs = 1_200_000, intervalMs = 1000, onProgress } = {}) {
	const started = Date.now();
	let best = -1;
	let movedAt = Date.now();
	for (;;) {
		const { done, total } = await progress();
		if (done > best) {
			best = done;
			await onProgress?.(done, total);
			movedAt = Date.now();
		}
		if (done >= total) return;
		const name = typeof what === 'function' ? what : () => what;
		if (Date.now() - movedAt > stallMs) throw new Error(`${name()}: stuck at ${done} of ${total} for ${stallMs / 1000} s`);
		if (Date.now() - started > maxMs) throw new Error(`${name()}: only ${done} of ${total} after ${maxMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

export { waitFor };
