import { NodeApiError, type INode } from 'n8n-workflow';

import { apiError, greenApiText, redact } from '../../nodes/GreenApi/transport/apiErrors';
import { multipartBody } from '../../nodes/GreenApi/transport/multipartBody';
import { MAX_ATTEMPTS, MAX_ATTEMPTS_PACED_429, retryAfterMs, retryDelay } from '../../nodes/GreenApi/transport/retryPolicy';

const node: INode = {
	id: '1',
	name: 'GREEN-API',
	type: 'n8n-nodes-green-api.greenApi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('retry policy', () => {
	it('retries 429 for sends too, honouring Retry-After', () => {
		expect(retryDelay(429, 1, false, '2')).toBe(2000);
		expect(retryDelay(429, 1, false)).toBe(500);
	});
	it('retries server and network errors only when repeating is safe', () => {
		expect(retryDelay(502, 1, true)).toBe(500);
		expect(retryDelay('network', 2, true)).toBe(1000);
		expect(retryDelay(500, 1, false)).toBeUndefined();
		expect(retryDelay('network', 1, false)).toBeUndefined();
	});
	it('never retries client errors and stops after the last attempt', () => {
		expect(retryDelay(400, 1, true)).toBeUndefined();
		expect(retryDelay(466, 1, true)).toBeUndefined();
		expect(retryDelay(429, MAX_ATTEMPTS, true)).toBeUndefined();
		// Paced (Parallel Requests): a 429 gets more attempts while the pacer slows the run down.
		expect(retryDelay(429, MAX_ATTEMPTS, true, undefined, true)).toBe(4000);
		expect(retryDelay(429, MAX_ATTEMPTS_PACED_429 - 1, false, '1', true)).toBe(1000);
		expect(retryDelay(429, MAX_ATTEMPTS_PACED_429, false, '1', true)).toBeUndefined();
		expect(retryDelay(502, MAX_ATTEMPTS, true, undefined, true)).toBeUndefined();
		// A request that timed out already waited as long as it may, and may have been carried out.
		expect(retryDelay('timeout', 1, true)).toBeUndefined();
	});
	it('caps long Retry-After values and reads HTTP dates', () => {
		expect(retryDelay(429, 1, false, '3600')).toBe(30000);
		expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
		expect(retryAfterMs('soon')).toBeUndefined();
	});
});

describe('errors', () => {
	const base = { method: 'sendMessage', partner: false, attempts: 1, origin: 'https://api.green-api.com', mayRepeat: false };

	it.each([
		[400, { description: 'instance in starting process try later' }, /refused sendMessage: instance in starting/, /starting/],
		[401, { code: 401, description: 'Unauthorized' }, /rejected the API token/, /credential/],
		[403, 'Forbidden', /denied access/, /instance ID and API URL/],
		[404, '', /does not know sendMessage/, /Media URL/],
		[429, '', /Too many requests/, /per second/],
		[466, { invokeStatus: { description: 'Monthly quota has been exceeded' } }, /quota exceeded.*Monthly quota/, /Developer plan/],
		[500, { message: 'boom' }, /server error on sendMessage \(500\): boom/, /could deliver it twice/],
	])('HTTP %i gets an actionable message', (status, body, message, description) => {
		const error = apiError(node, { ...base, status, body }, ['tok']);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
		expect(error.httpCode).toBe(String(status));
	});

	it('keeps GREEN-API’s own text for continue-on-fail output', () => {
		const error = apiError(node, { ...base, status: 400, body: { description: 'Bad Request Validation failed' } }, []);
		expect(error.context.greenApiMessage).toBe('Bad Request Validation failed');
	});

	it('names the network failure without a URL', () => {
		const error = apiError(node, { ...base, networkCode: 'ECONNREFUSED' }, []);
		expect(error.message).toBe('Could not reach GREEN-API at https://api.green-api.com');
		expect(error.description).toContain('ECONNREFUSED');
	});

	it('redacts a token echoed back in an error body', () => {
		const body = 'Cannot POST /waInstance1/sendMessage/secret-token-123';
		const error = apiError(node, { ...base, status: 404, body }, ['secret-token-123']);
		expect(JSON.stringify(error)).not.toContain('secret-token-123');
		expect(JSON.stringify({ ...error, context: error.context })).not.toContain('secret-token-123');
		expect(redact('a secret-token-123 b', ['secret-token-123'])).toBe('a *** b');
	});

	describe('redaction before the text is cut to 500 characters', () => {
		const instanceToken = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4';
		const partnerToken = 'gac.8f14e45fceea167a5a36dedd4bea2543-partner';
		const runsOf = (token: string) => Array.from({ length: token.length - 7 }, (_, i) => token.slice(i, i + 8));
		const survivors = (text: string, token: string) => runsOf(token).filter((run) => text.includes(run));
		const everything = (error: NodeApiError) =>
			JSON.stringify([
				error.message,
				error.description,
				error.context,
				error.cause,
				(error as unknown as { errorResponse: unknown }).errorResponse,
			]);

		it.each([
			['instance', instanceToken, false],
			['partner', partnerToken, true],
		])('leaves no 8-character run of the %s token at any offset around the cut', (_label, token, partner) => {
			for (let offset = 0; offset <= 560; offset++) {
				for (const body of [
					{ description: `${'x'.repeat(offset)}${token}${'y'.repeat(40)}` },
					`${'<p>'.repeat(Math.floor(offset / 3))}${'z'.repeat(offset % 3)}${token}</p>`,
				]) {
					const error = apiError(node, { ...base, partner, status: 400, body }, [token]);
					expect(survivors(everything(error), token)).toEqual([]);
				}
			}
		});

		it('also removes a token the server echoed cut off or in pieces', () => {
			const body = { description: `path /sendMessage/${instanceToken.slice(0, 20)} and ${instanceToken.slice(25)}` };
			const error = apiError(node, { ...base, status: 404, body }, [instanceToken]);
			expect(survivors(everything(error), instanceToken)).toEqual([]);
			expect(error.context.greenApiMessage).toBe('path /sendMessage/*** and ***');
		});

		it('cuts long texts after redacting them', () => {
			const error = apiError(
				node,
				{ ...base, status: 400, body: { description: `${'a'.repeat(490)}${instanceToken}${'b'.repeat(100)}` } },
				[instanceToken],
			);
			expect(error.context.greenApiMessage).toBe(`${'a'.repeat(490)}***${'b'.repeat(7)}…`);
		});
	});

	it('reads GREEN-API text from the usual shapes', () => {
		expect(greenApiText({ message: 'x' })).toBe('x');
		expect(greenApiText('  plain  ')).toBe('plain');
		expect(greenApiText({ correspondentsStatus: { description: 'c' } })).toBe('c');
		expect(greenApiText(null)).toBeUndefined();
	});
});

describe('streamed multipart body', () => {
	it('encodes fields and the file with an exact size', async () => {
		const file = Buffer.from('hello file');
		const { body, contentType } = multipartBody(
			{ chatId: '79001234567@c.us', caption: 'привет' },
			{ fileName: 'a "b".txt', mimeType: 'text/plain', size: file.length, open: async () => file },
		);
		const chunks: Buffer[] = [];
		for await (const chunk of body.stream()) chunks.push(Buffer.from(chunk));
		const raw = Buffer.concat(chunks);
		expect(raw.length).toBe(body.size);
		expect(Object.prototype.toString.call(body)).toBe('[object Blob]');

		// Parse it back with the platform's own multipart parser.
		const parsed = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
		expect(parsed.get('chatId')).toBe('79001234567@c.us');
		expect(parsed.get('caption')).toBe('привет');
		const part = parsed.get('file') as File;
		expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('hello file');
		expect(part.type).toBe('text/plain');
	});
});
