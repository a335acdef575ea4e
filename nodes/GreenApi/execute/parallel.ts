/**
 * Runs `run(i)` for i = 0..count-1 with at most `maxInFlight` at once, and never two with the
 * same key at once: an item starts only after every earlier item with its key has finished, so
 * items with one key run in input order. Items without a key may overtake anything.
 * Results come back in input order. When a run throws, nothing new starts, the runs in flight
 * finish, and the error of the earliest failed item is thrown.
 */
export async function runInParallel<T>(
	count: number,
	keyOf: (index: number) => string | undefined,
	maxInFlight: number,
	run: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const waiting = Array.from({ length: count }, (_, index) => index);
	const busy = new Set<string>();
	let inFlight = 0;
	let failure: { index: number; error: unknown } | undefined;

	return await new Promise<T[]>((resolve, reject) => {
		const settle = () => {
			if (inFlight > 0) return;
			if (failure) reject(failure.error);
			else if (waiting.length === 0) resolve(results);
		};
		const pump = () => {
			for (let at = 0; at < waiting.length && inFlight < maxInFlight && !failure; ) {
				const index = waiting[at];
				const key = keyOf(index);
				if (key !== undefined && busy.has(key)) {
					at++;
					continue;
				}
				waiting.splice(at, 1);
				inFlight++;
				if (key !== undefined) busy.add(key);
				run(index)
					.then(
						(result) => {
							results[index] = result;
						},
						(error: unknown) => {
							if (!failure || index < failure.index) failure = { index, error };
						},
					)
					.finally(() => {
						inFlight--;
						if (key !== undefined) busy.delete(key);
						pump();
						settle();
					});
			}
		};
		pump();
		settle();
	});
}
