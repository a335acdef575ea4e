// n8n's node search, as the nodes panel runs it (a dependency of n8n-workflow). Its types ship as
// .d.cts files that this TypeScript setup does not resolve.
declare module '@n8n/utils/search/sublime-search' {
	export function sublimeSearch<T extends object>(
		filter: string,
		data: readonly T[],
		keys?: Array<{ key: string; weight: number }>,
		limit?: number,
	): Array<{ score: number; item: T }>;
}
