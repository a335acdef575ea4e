/** The smallest index first: items start in input order among those allowed to start. */
class IndexHeap {
	private readonly items: number[] = [];

	get size(): number {
		return this.items.length;
	}

	push(value: number): void {
		const { items } = this;
		items.push(value);
		for (let at = items.length - 1; at > 0; ) {
			const up = (at - 1) >> 1;
			if (items[up] <= value) break;
			items[at] = items[up];
			items[up] = value;
			at = up;
		}
	}

	pop(): number {
		const { items } = this;
		const top = items[0];
		const last = items.pop()!;
		if (items.length > 0) {
			items[0] = last;
			for (let at = 0; ; ) {
				const left = 2 * at + 1;
				const right = left + 1;
				let least = at;
				if (left < items.length && items[left] < items[least]) least = left;
				if (right < items.length && items[right] < items[least]) least = right;
				if (least === at) break;
				[items[at], items[least]] = [items[least], items[at]];
				at = least;
			}
		}
		return top;
	}
}

/**
 * Runs `run(i)` for i = 0..count-1 with at most `maxInFlight` at once, and never two with the
 * same key at once: an item starts only after every earlier item with its key has finished, so
 * items with one key run in input order. Items without a key may overtake anything.
 * Results come back in input order. When a run throws, nothing new starts, the runs in flight
 * finish, and the error of the earliest failed item is thrown.
 *
 * Each key's items wait in their own queue and only its first is a candidate to start, so
 * picking the next item costs the same for 10 items as for 10,000.
 */
export async function runInParallel<T>(
	count: number,
	keyOf: (index: number) => string | undefined,
	maxInFlight: number,
	run: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const ready = new IndexHeap();
	/** Per key, its items after the first, and how many of them have been handed on. */
	const queues = new Map<string, { items: number[]; taken: number }>();
	const keys = Array.from({ length: count }, (_, index) => keyOf(index));
	for (let index = 0; index < count; index++) {
		const key = keys[index];
		if (key === undefined) {
			ready.push(index);
			continue;
		}
		const queue = queues.get(key);
		if (queue) queue.items.push(index);
		else {
			queues.set(key, { items: [], taken: 0 });
			ready.push(index);
		}
	}
	let inFlight = 0;
	let failure: { index: number; error: unknown } | undefined;

	return await new Promise<T[]>((resolve, reject) => {
		const settle = () => {
			if (inFlight > 0) return;
			if (failure) reject(failure.error);
			else if (ready.size === 0) resolve(results);
		};
		const pump = () => {
			while (ready.size > 0 && inFlight < maxInFlight && !failure) {
				const index = ready.pop();
				const key = keys[index];
				inFlight++;
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
						// The key's next item may start now.
						const queue = key === undefined ? undefined : queues.get(key);
						if (queue && queue.taken < queue.items.length) ready.push(queue.items[queue.taken++]);
						pump();
						settle();
					});
			}
		};
		pump();
		settle();
	});
}
