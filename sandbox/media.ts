/** File types: extension ↔ MIME type, which message kind a file becomes, and sample files. */
import { sampleImagePng } from './png';

const MIME_BY_EXT: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	bmp: 'image/bmp',
	mp4: 'video/mp4',
	'3gp': 'video/3gpp',
	mov: 'video/quicktime',
	avi: 'video/x-msvideo',
	mkv: 'video/x-matroska',
	webm: 'video/webm',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg',
	oga: 'audio/ogg; codecs=opus',
	opus: 'audio/ogg; codecs=opus',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	aac: 'audio/aac',
	amr: 'audio/amr',
	pdf: 'application/pdf',
	txt: 'text/plain',
	csv: 'text/csv',
	json: 'application/json',
	zip: 'application/zip',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	bin: 'application/octet-stream',
};

export function extensionOf(fileName: string): string | undefined {
	const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
	return match ? match[1].toLowerCase() : undefined;
}

export function mimeForFileName(fileName: string): string {
	const ext = extensionOf(fileName);
	return (ext && MIME_BY_EXT[ext]) || 'application/octet-stream';
}

/** Extension for a MIME type; unusual types are stored as .bin (as GREEN-API does without GA-Filename). */
export function extensionForMime(mime: string): string {
	const bare = mime.split(';')[0].trim().toLowerCase();
	for (const [ext, known] of Object.entries(MIME_BY_EXT)) {
		if (known.split(';')[0] === bare) return ext;
	}
	return 'bin';
}

export type FileMessageKind = 'imageMessage' | 'videoMessage' | 'audioMessage' | 'documentMessage' | 'stickerMessage';

/** WhatsApp decides how a file is shown from its extension. */
export function kindForFileName(fileName: string): FileMessageKind {
	const mime = mimeForFileName(fileName);
	if (mime.startsWith('image/') && mime !== 'image/bmp') return 'imageMessage';
	if (mime.startsWith('video/')) return 'videoMessage';
	if (mime.startsWith('audio/')) return 'audioMessage';
	return 'documentMessage';
}

export function sniffImage(data: Buffer): 'image/jpeg' | 'image/png' | undefined {
	if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
	if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return 'image/png';
	}
	return undefined;
}

function samplePdf(text: string): Buffer {
	const stream = `BT /F1 18 Tf 40 100 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

/** Half a second of a 440 Hz tone as 8 kHz mono WAV. */
function sampleWav(): Buffer {
	const rate = 8000;
	const samples = rate / 2;
	const data = Buffer.alloc(samples * 2);
	for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVEfmt ', 8, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(rate, 24);
	header.writeUInt32LE(rate * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(data.length, 40);
	return Buffer.concat([header, data]);
}

/** An MP4 that carries only its file-type box: enough for type sniffing, not playable. */
function sampleMp4(): Buffer {
	const box = Buffer.alloc(24);
	box.writeUInt32BE(24, 0);
	box.write('ftypisom', 4, 'ascii');
	box.writeUInt32BE(0x200, 12);
	box.write('isomiso2', 16, 'ascii');
	return box;
}

export interface SampleFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

/** Placeholder content for injected media when the caller gives no file. */
export function sampleFile(kind: FileMessageKind): SampleFile {
	switch (kind) {
		case 'imageMessage':
			return { data: sampleImagePng(), fileName: 'image.png', mimeType: 'image/png' };
		case 'stickerMessage':
			// Served as PNG bytes: a valid WebP encoder is out of scope for placeholders.
			return { data: sampleImagePng(64, 64), fileName: 'sticker.png', mimeType: 'image/png' };
		case 'videoMessage':
			return { data: sampleMp4(), fileName: 'video.mp4', mimeType: 'video/mp4' };
		case 'audioMessage':
			return { data: sampleWav(), fileName: 'voice.wav', mimeType: 'audio/wav' };
		case 'documentMessage':
			return {
				data: samplePdf('GREEN-API sandbox document'),
				fileName: 'document.pdf',
				mimeType: 'application/pdf',
			};
	}
}

/** Small base64 picture used wherever the contract shows a jpegThumbnail. */
export const THUMBNAIL_BASE64 = sampleImagePng(24, 16).toString('base64');
