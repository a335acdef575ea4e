/** Progress lines with timings, shared by npm start and the e2e test. */
export function createReporter(prefix) {
	const began = Date.now();
	const timings = [];
	const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

	const info = (message) => console.log(`[${prefix}] ${message}`);
	const warn = (message) => console.warn(`[${prefix}] WARNING: ${message}`);

	/** Runs fn as a named step and records how long it took. */
	async function step(label, fn) {
		const started = Date.now();
		info(`${label}...`);
		const result = await fn();
		const took = Date.now() - started;
		timings.push({ label, ms: took });
		info(`${label}: done in ${seconds(took)}`);
		return result;
	}

	function summary() {
		const width = Math.max(...timings.map((t) => t.label.length), 5);
		const lines = timings.map((t) => `  ${t.label.padEnd(width)}  ${seconds(t.ms).padStart(8)}`);
		lines.push(`  ${'total'.padEnd(width)}  ${seconds(Date.now() - began).padStart(8)}`);
		return lines.join('\n');
	}

	return { info, warn, step, summary, seconds };
}
