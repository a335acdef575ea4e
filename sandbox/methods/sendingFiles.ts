/** Sending files: by upload (media host), by URL, and plain uploads (uploadFile, media host). */
import { badRequest, validationFailed } from '../errors';
import { extensionForMime, extensionOf, kindForFileName, mimeForFileName, type FileMessageKind } from '../media';
import { fileData, type FileInput } from '../messageData';
import { enqueueSend } from '../sendQueue';
import { checkMaxLength, checkTypingTime, optString, reqString } from '../validate';
import { checkFileNameExtension, checkHttpUrl, chatIdOf, MAX_TEXT, quotedTarget, typingTimeOf } from './sending';
import type { HandlerTable } from './types';

/** A file named by the sender is shown by its extension; the caption only under images and videos. */
function fileInput(kind: FileMessageKind, downloadUrl: string, fileName: string, mimeType: string, caption: string): FileInput {
	const showsCaption = kind === 'imageMessage' || kind === 'videoMessage';
	return { downloadUrl, fileName, mimeType, caption: showsCaption ? caption : '' };
}

export const sendingFileHandlers: HandlerTable = {
	sendFileByUpload: {
		gate: 'running',
		handle: (req) => {
			const { body } = req;
			const part = req.files.find((f) => f.field === 'file');
			if (!part) throw validationFailed("'file' is required");
			if (part.data.length === 0) throw badRequest('File is empty');
			const chatId = chatIdOf(body);
			const mimeFromPart = part.contentType.split(';')[0].trim() || 'application/octet-stream';
			// fileName is optional in the docs (the Go SDK always sends it): the part's filename stands in.
			const fileName = optString(body, 'fileName') || part.filename || `file.${extensionForMime(mimeFromPart)}`;
			const caption = optString(body, 'caption') ?? '';
			checkMaxLength('caption', caption, MAX_TEXT);
			const mimeType = extensionOf(fileName) ? mimeForFileName(fileName) : mimeFromPart;
			const stored = req.core.files.put({
				idInstance: req.inst.idInstance,
				data: part.data,
				mimeType,
				fileName,
			});
			const kind = kindForFileName(fileName);
			const messageData = fileData(kind, fileInput(kind, stored.url, fileName, mimeType, caption), quotedTarget(req, chatId));
			const [msg] = enqueueSend(req.core, req.inst, {
				method: 'sendFileByUpload',
				body: { chatId, fileName, caption, urlFile: stored.url },
				drafts: [{ chatId, messageData }],
				isFile: true,
				typingTime: typingTimeOf(body),
			});
			return { idMessage: msg.idMessage, urlFile: stored.url };
		},
	},

	sendFileByUrl: {
		gate: 'running',
		handle: (req) => {
			const { body } = req;
			const chatId = chatIdOf(body);
			const urlFile = reqString(body, 'urlFile');
			checkHttpUrl('urlFile', urlFile);
			const fileName = reqString(body, 'fileName');
			checkFileNameExtension('fileName', fileName);
			// Caption limit: 20000 (docs, Go SDK) rather than the 1024 of one SDK's notes; typingType
			// ('recording') is unconfirmed and accepted as any string.
			const caption = optString(body, 'caption') ?? '';
			checkMaxLength('caption', caption, MAX_TEXT);
			checkTypingTime(body);
			// Files stored by this sandbox are linked directly; other URLs are passed through
			// unfetched (the sandbox works offline).
			const stored = req.core.files.byUrl(urlFile);
			const known = stored && stored.mimeType !== 'application/octet-stream' ? stored.mimeType : undefined;
			const mimeType = known ?? mimeForFileName(fileName);
			const kind = kindForFileName(fileName);
			const messageData = fileData(kind, fileInput(kind, stored?.url ?? urlFile, fileName, mimeType, caption), quotedTarget(req, chatId));
			const [msg] = enqueueSend(req.core, req.inst, {
				method: 'sendFileByUrl',
				body,
				drafts: [{ chatId, messageData }],
				isFile: true,
				typingTime: typingTimeOf(body),
			});
			return { idMessage: msg.idMessage };
		},
	},

	uploadFile: {
		gate: 'any',
		handle: (req) => {
			const raw = req.raw;
			if (!raw || raw.data.length === 0) throw badRequest('File is empty');
			if (!raw.contentType) throw badRequest('bad request data');
			const header = req.headers['ga-filename'];
			let fileName = Array.isArray(header) ? header[0] : header;
			if (fileName) {
				try {
					fileName = decodeURIComponent(fileName);
				} catch {
					// keep the header as sent
				}
			}
			const stored = req.core.files.put({
				idInstance: req.inst.idInstance,
				data: raw.data,
				mimeType: raw.contentType,
				fileName: fileName || undefined,
			});
			return { urlFile: stored.url };
		},
	},
};
