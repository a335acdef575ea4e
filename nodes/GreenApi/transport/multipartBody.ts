import { randomBytes } from 'crypto';

import type { UploadSource } from './types';

const CRLF = '\r\n';
const quote = (value: string) => value.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));

async function* chunksOf(source: Buffer | AsyncIterable<Uint8Array>) {
	if (Buffer.isBuffer(source)) yield source;
	else yield* source;
}

/**
 * A multipart/form-data body that streams the file instead of copying it into memory: the HTTP
 * client reads any Blob-like object through its `stream()`, so the file goes from n8n's binary
 * storage to the socket chunk by chunk. Its exact size is known up front from the metadata.
 */
export function multipartBody(fields: Record<string, string>, file: UploadSource) {
	const boundary = `----n8nGreenApi${randomBytes(12).toString('hex')}`;
	const head = Buffer.from(
		Object.entries(fields)
			.map(([name, value]) => `--${boundary}${CRLF}Content-Disposition: form-data; name="${quote(name)}"${CRLF}${CRLF}${value}${CRLF}`)
			.join('') +
			`--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename="${quote(file.fileName)}"${CRLF}` +
			`Content-Type: ${file.mimeType}${CRLF}${CRLF}`,
	);
	const tail = Buffer.from(`${CRLF}--${boundary}--${CRLF}`);
	const contentType = `multipart/form-data; boundary=${boundary}`;

	return {
		contentType,
		body: {
			[Symbol.toStringTag]: 'Blob',
			type: contentType,
			size: head.length + file.size + tail.length,
			async *stream() {
				yield head;
				yield* chunksOf(await file.open());
				yield tail;
			},
		},
	};
}
