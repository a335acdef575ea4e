import { makeField } from './field';

/** Largest file GREEN-API accepts for sends and uploads. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/**
 * The input binary property holding the file to send or upload. The file's own name and MIME
 * type travel with it; `fileName` on the entry (when present and empty) is filled from it.
 */
export function binaryFile(description = 'Name of the input binary field that holds the file') {
	return makeField(
		{
			name: 'binaryPropertyName',
			displayName: 'Input Binary Field',
			description,
			required: true,
			placeholder: 'data',
		},
		{ type: 'string', default: 'data', hint: 'The name of the input binary field containing the file' },
		(value) => String(value ?? '').trim(),
		{ in: 'file' },
	);
}
