import { freePort } from '../../../scripts/lib/processes.mjs';

/** Distinct TCP ports on 127.0.0.1 that were free a moment ago, none of those in exclude. */
export async function freePorts(count, exclude = []) {
	const found = new Set();
	while (found.size < count) {
		const port = await freePort();
		if (!exclude.includes(port)) found.add(port);
	}
	return [...found];
}
