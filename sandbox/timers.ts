/** Every timer the sandbox starts goes through here, so close() and reset() can cancel them all. */
export class Timers {
	private readonly handles = new Set<NodeJS.Timeout>();

	after(ms: number, run: () => void): NodeJS.Timeout {
		const handle = setTimeout(
			() => {
				this.handles.delete(handle);
				try {
					run();
				} catch (error) {
					console.error('[sandbox] timer task failed:', error);
				}
			},
			Math.max(0, ms),
		);
		this.handles.add(handle);
		return handle;
	}

	cancel(handle: NodeJS.Timeout | undefined): void {
		if (!handle) return;
		clearTimeout(handle);
		this.handles.delete(handle);
	}

	cancelAll(): void {
		for (const handle of this.handles) clearTimeout(handle);
		this.handles.clear();
	}
}
