/**
 * The server side of RFC 6455, as much as the QR websocket needs: the opening handshake, text
 * frames to the client, and the client's ping and close frames. Nothing from outside: the sandbox
 * stays dependency-free like the package it tests.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
/** A client in this protocol only says goodbye or pings; anything bigger is not a client of ours. */
const MAX_CLIENT_FRAME = 64 * 1024;

/** Answers an upgrade request with a plain HTTP error and hangs up. */
export function refuseUpgrade(socket: Duplex, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests' }[status];
	socket.end(
		`HTTP/1.1 ${status} ${reason ?? 'Error'}\r\nContent-Type: application/json\r\n` +
			`Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
	);
}

function frame(opcode: number, payload: Buffer): Buffer {
	const length = payload.length;
	const head =
		length < 126
			? Buffer.from([0x80 | opcode, length])
			: length < 0x10000
				? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
				: Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigEndian64(length)]);
	return Buffer.concat([head, payload]);
}

function bigEndian64(value: number): Buffer {
	const out = Buffer.alloc(8);
	out.writeBigUInt64BE(BigInt(value));
	return out;
}

export class WebSocketConnection {
	private buffered = Buffer.alloc(0);
	private closing = false;
	private closed = false;
	private readonly closeListeners: Array<() => void> = [];

	constructor(private readonly socket: Duplex) {
		socket.on('data', (data: Buffer) => this.receive(data));
		socket.on('close', () => this.ended());
		socket.on('error', () => socket.destroy());
	}

	get isOpen(): boolean {
		return !this.closing && !this.closed;
	}

	sendText(text: string): void {
		if (this.isOpen) this.socket.write(frame(OPCODE.text, Buffer.from(text, 'utf8')));
	}

	sendJson(value: unknown): void {
		this.sendText(JSON.stringify(value));
	}

	/** Starts the closing handshake; the socket ends when the client answers (or after a moment). */
	close(code = 1000, reason = ''): void {
		if (!this.isOpen) return;
		this.closing = true;
		const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
		payload.writeUInt16BE(code);
		payload.write(reason, 2);
		this.socket.write(frame(OPCODE.close, payload));
		const timer = setTimeout(() => this.socket.destroy(), 1000);
		timer.unref();
	}

	/** Drops the connection without a closing handshake (a network failure). */
	destroy(): void {
		this.socket.destroy();
	}

	onClose(listener: () => void): void {
		if (this.closed) listener();
		else this.closeListeners.push(listener);
	}

	private ended(): void {
		if (this.closed) return;
		this.closed = true;
		for (const listener of this.closeListeners.splice(0)) listener();
	}

	private receive(data: Buffer): void {
		this.buffered = Buffer.concat([this.buffered, data]);
		for (;;) {
			const parsed = this.nextFrame();
			if (!parsed) return;
			if (parsed === 'invalid') {
				this.socket.destroy();
				return;
			}
			if (parsed.opcode === OPCODE.ping) this.socket.write(frame(OPCODE.pong, parsed.payload));
			if (parsed.opcode === OPCODE.close) {
				if (!this.closing) this.socket.write(frame(OPCODE.close, parsed.payload.subarray(0, 2)));
				this.closing = true;
				this.socket.end();
			}
		}
	}

	private nextFrame(): { opcode: number; payload: Buffer } | 'invalid' | undefined {
		const data = this.buffered;
		if (data.length < 2) return undefined;
		const opcode = data[0] & 0x0f;
		const masked = (data[1] & 0x80) !== 0;
		let length = data[1] & 0x7f;
		let offset = 2;
		if (length === 126) {
			if (data.length < 4) return undefined;
			length = data.readUInt16BE(2);
			offset = 4;
		} else if (length === 127) {
			if (data.length < 10) return undefined;
			length = Number(data.readBigUInt64BE(2));
			offset = 10;
		}
		// Clients must mask their frames (RFC 6455 5.1).
		if (!masked || length > MAX_CLIENT_FRAME) return 'invalid';
		if (data.length < offset + 4 + length) return undefined;
		const mask = data.subarray(offset, offset + 4);
		const payload = Buffer.from(data.subarray(offset + 4, offset + 4 + length));
		for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
		this.buffered = data.subarray(offset + 4 + length);
		return { opcode, payload };
	}
}

/** Completes the opening handshake, or returns why the request is not a websocket upgrade. */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex): WebSocketConnection | string {
	const key = req.headers['sec-websocket-key'];
	if (String(req.headers.upgrade ?? '').toLowerCase() !== 'websocket' || typeof key !== 'string' || !key) {
		return 'not a websocket upgrade';
	}
	if (req.headers['sec-websocket-version'] !== '13') return 'unsupported websocket version';
	const accept = createHash('sha1').update(`${key}${HANDSHAKE_GUID}`).digest('base64');
	socket.write(
		'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' + `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
	);
	return new WebSocketConnection(socket);
}
