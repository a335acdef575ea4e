/**
 * Stored files: uploads, sent files, injected media and pictures. Each gets a URL on the API port
 * (`/sandbox/files/{idInstance}/{uuid}.{ext}`) that serves the bytes with their Content-Type,
 * standing in for GREEN-API's storage host.
 */
import { createHash } from 'node:crypto';
import { extensionForMime, extensionOf } from './media';
import { fileId } from './ids';

export interface StoredFile {
	id: string;
	idInstance: number;
	/** Name the file was given (GA-Filename, multipart filename, fileName field, ...). */
	fileName: string;
	mimeType: string;
	data: Buffer;
	size: number;
	sha256: string;
	/** Path part of the URL: `{idInstance}/{uuid}.{ext}`. */
	key: string;
	url: string;
}

export const FILES_PREFIX = '/sandbox/files/';

export class FileStore {
	private readonly files = new Map<string, StoredFile>();

	constructor(private readonly baseUrl: () => string) {}

	put(input: { idInstance: number; data: Buffer; mimeType: string; fileName?: string }): StoredFile {
		const id = fileId();
		const ext = (input.fileName && extensionOf(input.fileName)) || extensionForMime(input.mimeType);
		const key = `${input.idInstance}/${id}.${ext}`;
		const file: StoredFile = {
			id,
			idInstance: input.idInstance,
			fileName: input.fileName || `${id}.${ext}`,
			mimeType: input.mimeType,
			data: input.data,
			size: input.data.length,
			sha256: createHash('sha256').update(input.data).digest('hex'),
			key,
			url: `${this.baseUrl()}${FILES_PREFIX}${key}`,
		};
		this.files.set(key, file);
		return file;
	}

	get(key: string): StoredFile | undefined {
		return this.files.get(key);
	}

	/** Finds a stored file from one of its URLs (any host: only the path is compared). */
	byUrl(url: string): StoredFile | undefined {
		let path: string;
		try {
			path = new URL(url).pathname;
		} catch {
			return undefined;
		}
		return path.startsWith(FILES_PREFIX) ? this.files.get(path.slice(FILES_PREFIX.length)) : undefined;
	}

	clear(): void {
		this.files.clear();
	}
}
