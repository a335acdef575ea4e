import type { IExecuteFunctions } from 'n8n-workflow';

const holdsExpression = (value: unknown): boolean =>
	typeof value === 'string'
		? value.startsWith('=')
		: value !== null && typeof value === 'object' && Object.values(value).some(holdsExpression);

const constants = new WeakMap<IExecuteFunctions, Map<string, unknown>>();

/**
 * One item's value of a node parameter. A parameter whose saved value holds no expression is
 * the same for every item, so it is read from n8n once per node run and reused. Callers treat
 * the value as read-only, since later items share it.
 *
 * n8n's type check of a read value is skipped: it searches the node's few hundred properties for
 * the one on show, on every read, to apply a `validateType` that none of this node's properties
 * declares (the fields check every value themselves; test/unit/description.test.ts keeps it so).
 */
export function itemParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	let known = constants.get(ctx);
	if (!known) {
		known = new Map();
		constants.set(ctx, known);
	}
	if (known.has(name)) return known.get(name);
	const value: unknown = ctx.getNodeParameter(name, itemIndex, fallback as never, { skipValidation: true });
	if (!holdsExpression(ctx.getNode().parameters[name])) known.set(name, value);
	return value;
}
