/** The multipart/form-data reader. */
import { boundaryOf, MultipartError, parseMultipart } from '../../sandbox/multipart';

const body = (text: string) => Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1');

test('reads fields and files, keeping binary content intact', () => {
	const binary = Buffer.from([0, 13, 10, 45, 45, 255]);
	const parts = Buffer.concat([
		body('--b\nContent-Disposition: form-data; name="chatId"\n\n79001234567@c.us\n--b\n'),
		body('Content-Disposition: form-data; name="file"; filename="a b.bin"\nContent-Type: application/octet-stream\n\n'),
		binary,
		body('\n--b--\n'),
	]);
	const parsed = parseMultipart(parts, 'b');
	expect(parsed.fields).toEqual({ chatId: '79001234567@c.us' });
	expect(parsed.files).toHaveLength(1);
	expect(parsed.files[0]).toMatchObject({
		field: 'file',
		filename: 'a b.bin',
		contentType: 'application/octet-stream',
	});
	expect(parsed.files[0].data.equals(binary)).toBe(true);
});

test('prefers the RFC 5987 filename* form and defaults the part type', () => {
	const parts = body(
		'--x\nContent-Disposition: form-data; name="file"; filename="fallback.txt"; filename*=UTF-8\'\'%D1%84%D0%B0%D0%B9%D0%BB.txt\n\nhi\n--x--\n',
	);
	const [file] = parseMultipart(parts, 'x').files;
	expect(file.filename).toBe('файл.txt');
	expect(file.contentType).toBe('application/octet-stream');
});

test('finds quoted and unquoted boundaries only for multipart/form-data', () => {
	expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
	expect(boundaryOf('multipart/form-data; boundary="a b;c"')).toBe('a b;c');
	expect(boundaryOf('application/json')).toBeUndefined();
	expect(boundaryOf(undefined)).toBeUndefined();
});

test('rejects bodies that are not multipart', () => {
	expect(() => parseMultipart(Buffer.from('{"a":1}'), 'b')).toThrow(MultipartError);
	expect(() => parseMultipart(body('--b\nContent-Disposition: form-data; name="a"\n\nno end'), 'b')).toThrow(MultipartError);
});
