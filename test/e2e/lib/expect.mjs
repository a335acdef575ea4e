/** A failed e2e expectation; run.mjs prints its message and exits non-zero. */
export class E2eFailure extends Error {}

let passed = 0;

export function expect(condition, message, details) {
	if (condition) return;
	const extra = details === undefined ? '' : `\n${typeof details === 'string' ? details : JSON.stringify(details, null, 2)}`;
	throw new E2eFailure(`${message}${extra.slice(0, 6000)}`);
}

export function pass(message) {
	passed++;
	console.log(`[e2e] PASS ${message}`);
}

export const passedCount = () => passed;

/** Fails if any of the tokens appears in text. */
export function expectNoTokens(text, tokens, where) {
	for (const token of tokens) {
		const at = text.indexOf(token);
		expect(at < 0, `${where} contains an API token`, at < 0 ? undefined : text.slice(Math.max(0, at - 300), at + 100));
	}
}
