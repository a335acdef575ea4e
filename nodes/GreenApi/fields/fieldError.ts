/** A value the user entered that GREEN-API would refuse; the router names the item and field. */
export class FieldError extends Error {
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'FieldError';
	}
}

/**
 * Prefixes a FieldError raised for one part of a value (a list entry, a row) with that part's
 * name; any other error passes through unchanged.
 */
export function inContext(error: unknown, prefix: string): unknown {
	return error instanceof FieldError ? new FieldError(`${prefix}${error.message}`, error.hint) : error;
}
