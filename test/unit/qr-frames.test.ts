import { readQrFrame } from '../../nodes/GreenApi/liveQr/qrFrames';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('scanqrcode frames, read liberally', () => {
	it('qrCode: base64 with or without a data: prefix, in any letter case', () => {
		for (const frame of [
			{ type: 'qrCode', message: PNG.toString('base64') },
			{ type: 'QRCODE', message: `data:image/png;base64,${PNG.toString('base64')}` },
		]) {
			expect(readQrFrame(frame)).toEqual({ kind: 'qrCode', image: PNG, mimeType: 'image/png' });
		}
		expect(readQrFrame({ type: 'qrCode', message: '' })).toEqual({ kind: 'ignored' });
		expect(readQrFrame({ type: 'qrCode', message: 'not base64 <>' })).toEqual({ kind: 'ignored' });
	});

	it('accountData: fields inside message (object or JSON text) or at the top level', () => {
		const account = { wid: '79001234567@c.us', pushname: 'Anna' };
		expect(readQrFrame({ type: 'accountData', message: account })).toEqual({ kind: 'authorized', account });
		expect(readQrFrame({ type: 'accountData', message: JSON.stringify(account) })).toEqual({ kind: 'authorized', account });
		expect(readQrFrame({ type: 'accountData', ...account })).toEqual({ kind: 'authorized', account });
		expect(readQrFrame({ type: 'state', stateInstance: 'authorized' })).toEqual({ kind: 'authorized', account: {} });
	});

	it('alreadyLogged, error and timeoutExpired; anything else is skipped', () => {
		expect(readQrFrame({ type: 'alreadyLogged', message: 'instance account already authorized' })).toEqual({
			kind: 'alreadyLogged',
			text: 'instance account already authorized',
		});
		expect(readQrFrame({ type: 'error', message: 'instance in starting process try later' })).toEqual({
			kind: 'error',
			text: 'instance in starting process try later',
		});
		expect(readQrFrame({ type: 'error' })).toEqual({ kind: 'error', text: 'GREEN-API reported an error on the QR websocket' });
		expect(readQrFrame({ type: 'timeoutExpired', message: 'expired' })).toEqual({ kind: 'expired' });
		expect(readQrFrame({ type: 'ping' })).toEqual({ kind: 'ignored' });
		expect(readQrFrame({})).toEqual({ kind: 'ignored' });
	});
});
