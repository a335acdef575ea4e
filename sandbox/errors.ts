/** GREEN-API style error answers. */

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(typeof body === 'object' && body && 'description' in body ? String(body.description) : `HTTP ${status}`);
	}
}

export const errorBody = (code: number, description: string) => ({ code, description });

export const badRequest = (description: string) => new ApiError(400, errorBody(400, description));

/** Texts follow the "Validation failed. Details: ..." wording the contract quotes. */
export const validationFailed = (details: string) => badRequest(`Validation failed. Details: ${details}`);

export const unauthorized = () => new ApiError(401, errorBody(401, 'Unauthorized'));
export const forbidden = () => new ApiError(403, errorBody(403, 'Forbidden'));
export const notFound = () => new ApiError(404, errorBody(404, 'Not Found'));
export const internalError = (description = 'Internal Server Error') => new ApiError(500, errorBody(500, description));

/** Files above the documented 100 MB (or the configured limit) are refused like an oversized body. */
export const tooLarge = () => new ApiError(413, errorBody(413, 'Request Entity Too Large'));

export const STARTING_TEXT = 'instance in starting process try later';
export const NOT_AUTHORIZED_TEXT = 'instance account not authorized';
export const DELETED_TEXT = 'Instance is deleted';
