import type { IExecuteFunctions } from 'n8n-workflow';

import { FieldError, MAX_FILE_BYTES } from '../fields';
import type { UploadSource } from '../transport/types';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Describes an input binary without loading it: in filesystem (or S3) mode the file is streamed
 * from n8n's storage on each attempt; in memory mode it is decoded once per attempt.
 */
export async function uploadSource(ctx: IExecuteFunctions, itemIndex: number, propertyName: string): Promise<UploadSource> {
	const item = ctx.getInputData()[itemIndex];
	const binary = item?.binary?.[propertyName];
	if (!binary) {
		const available = Object.keys(item?.binary ?? {});
		throw new FieldError(
			`has no binary field named "${propertyName}"`,
			available.length
				? `The item has these binary fields: ${available.join(', ')}.`
				: 'The item has no binary data; read or download a file before this node.',
		);
	}
	const id = binary.id;
	const size = id ? (await ctx.helpers.getBinaryMetadata(id)).fileSize : (binary.bytes ?? Buffer.byteLength(binary.data ?? '', 'base64'));
	if (size > MAX_FILE_BYTES) {
		throw new FieldError(`holds a ${megabytes(size)} file; GREEN-API accepts at most ${megabytes(MAX_FILE_BYTES)}`);
	}
	return {
		fileName: binary.fileName || `file${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
		mimeType: binary.mimeType || 'application/octet-stream',
		size,
		open: async () => (id ? await ctx.helpers.getBinaryStream(id) : await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName)),
	};
}
