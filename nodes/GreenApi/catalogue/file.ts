import type { MethodEntry } from './types';
import { binaryFile, chat, fileName, messageId, quotedMessageId, text, url } from '../fields';
import { typingTime, typingType } from './typing';
import type { ApiCall } from '../transport/types';

// Docs and the Go SDK allow 20000 characters; the Java SDK notes say 1024. The larger is accepted.
const caption = () =>
	text({
		name: 'caption',
		displayName: 'Caption',
		description: 'Text under the file; shown for images and videos only',
		max: 20000,
		rows: 2,
	});

/** Without a File Name, the upload keeps the name of the binary file. */
const nameFromFile =
	(where: 'body' | 'headers', key: string) =>
	(call: ApiCall): ApiCall => {
		const values = call[where] ?? {};
		return call.file && values[key] === undefined ? { ...call, [where]: { ...values, [key]: call.file.fileName } } : call;
	};

export const fileEntries: MethodEntry[] = [
	{
		resource: 'file',
		operation: 'sendFileByUpload',
		method: 'sendFileByUpload',
		rateLimitRps: 50,
		name: 'Send File',
		action: 'Send a file',
		description:
			'Send a file from the input binary data (up to 100 MB) to a person or a group; its extension decides whether it shows as image, video, audio or document. Files leave the send queue at least 5 seconds apart. Returns idMessage and urlFile, a link to the uploaded copy valid for about 15 days.',
		verb: 'POST',
		host: 'media',
		encoding: 'multipart',
		prepare: nameFromFile('body', 'fileName'),
		fields: [
			chat(),
			binaryFile('Name of the input binary field that holds the file to send'),
			fileName({
				description: "Name the recipient sees, with extension (e.g. photo.jpg); leave empty to use the binary file's own name",
			}),
			caption(),
			quotedMessageId(),
			typingTime(),
			typingType(),
		],
	},
	{
		resource: 'file',
		operation: 'sendFileByUrl',
		method: 'sendFileByUrl',
		rateLimitRps: 50,
		name: 'Send File by URL',
		action: 'Send a file from a URL',
		description:
			'Send a file that GREEN-API downloads from a public link (up to 100 MB) to a person or a group. Files leave the send queue at least 5 seconds apart. Returns the idMessage of the sent message.',
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			url({
				name: 'urlFile',
				displayName: 'File URL',
				description: 'Direct public link to the file itself (not to a web page), e.g. a URL from Upload File',
				required: true,
			}),
			fileName({ required: true }),
			caption(),
			quotedMessageId(),
			typingTime(),
			typingType(),
		],
	},
	{
		resource: 'file',
		operation: 'uploadFile',
		method: 'uploadFile',
		rateLimitRps: null,
		name: 'Upload File',
		action: 'Upload a file to storage',
		description:
			"Upload a file from the input binary data (up to 100 MB) to GREEN-API's storage without sending it. Returns urlFile, a link valid for about 15 days, for Send File by URL or the status operations.",
		verb: 'POST',
		host: 'media',
		encoding: 'raw',
		safeToRetry: true,
		prepare: nameFromFile('headers', 'GA-Filename'),
		fields: [
			binaryFile('Name of the input binary field that holds the file to upload'),
			fileName({
				key: 'GA-Filename',
				in: 'header',
				description:
					"Name to store the file under, with extension; leave empty to use the binary file's own name (without one, unusual types are stored as .bin)",
			}),
		],
	},
	{
		resource: 'file',
		operation: 'downloadFile',
		method: 'downloadFile',
		rateLimitRps: 5,
		name: 'Download File',
		action: 'Download a file from a message',
		description:
			'Get the file (image, video, audio, document) of a message received or sent in a chat. Returns downloadUrl, a temporary link; the file is also attached as binary data unless Download File is off.',
		verb: 'POST',
		host: 'api',
		safeToRetry: true,
		output: {
			kind: 'file',
			source: 'url',
			key: 'downloadUrl',
			downloadByDefault: true,
			switchName: 'Download File',
			fileName: 'file',
			mimeType: 'application/octet-stream',
		},
		fields: [chat(), messageId({ description: 'ID of the message that carries the file' })],
	},
];
