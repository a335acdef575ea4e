/** A small multipart/form-data reader (RFC 7578): enough for the upload methods. */

export interface MultipartFile {
	field: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

export interface Multipart {
	fields: Record<string, string>;
	files: MultipartFile[];
}

export class MultipartError extends Error {}

/** The boundary parameter of a multipart Content-Type header, unquoted. */
export function boundaryOf(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : undefined;
}

function parseHeaders(block: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of block.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

/** Reads a parameter of Content-Disposition, preferring the RFC 5987 `name*=UTF-8''...` form. */
function dispositionParam(disposition: string, name: string): string | undefined {
	const extended = new RegExp(`;\\s*${name}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			return extended[1].trim();
		}
	}
	const plain = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`).exec(disposition);
	if (!plain) return undefined;
	return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2].trim();
}

export function parseMultipart(body: Buffer, boundary: string): Multipart {
	const delimiter = Buffer.from(`--${boundary}`);
	const result: Multipart = { fields: {}, files: [] };
	let position = body.indexOf(delimiter);
	if (position < 0) throw new MultipartError('multipart boundary not found');

	for (;;) {
		position += delimiter.length;
		// "--" right after a delimiter closes the body.
		if (body[position] === 0x2d && body[position + 1] === 0x2d) return result;
		// Skip transport padding and the CRLF after the delimiter.
		while (body[position] === 0x20 || body[position] === 0x09) position++;
		if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
		else throw new MultipartError('malformed multipart delimiter');

		const headerEnd = body.indexOf('\r\n\r\n', position);
		if (headerEnd < 0) throw new MultipartError('multipart part without headers');
		const headers = parseHeaders(body.subarray(position, headerEnd).toString('utf8'));
		const contentStart = headerEnd + 4;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), contentStart);
		if (next < 0) throw new MultipartError('multipart body is not terminated');
		const content = body.subarray(contentStart, next);

		const disposition = headers['content-disposition'] ?? '';
		const field = dispositionParam(disposition, 'name');
		if (field === undefined) throw new MultipartError('multipart part without a name');
		const filename = dispositionParam(disposition, 'filename');
		if (filename !== undefined) {
			result.files.push({
				field,
				filename,
				contentType: headers['content-type'] ?? 'application/octet-stream',
				data: Buffer.from(content),
			});
		} else {
			result.fields[field] = content.toString('utf8');
		}
		position = next + 2;
	}
}
