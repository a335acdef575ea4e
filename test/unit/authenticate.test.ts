import { GreenApiInstanceApi } from '../../credentials/GreenApiInstanceApi.credentials';
import { GreenApiPartnerApi } from '../../credentials/GreenApiPartnerApi.credentials';

const instance = {
	idInstance: '1101000001',
	apiTokenInstance: 'tok-abc123',
	apiUrl: 'https://7105.api.greenapi.com',
	mediaUrl: 'https://7105.media.greenapi.com/',
};

const authenticate = (url: string, baseURL?: string) =>
	new GreenApiInstanceApi().authenticate(instance, { url, baseURL, method: 'GET' });

describe('instance credential authenticate', () => {
	it('puts the token right after the method on the API host', async () => {
		const out = await authenticate('https://7105.api.greenapi.com/waInstance1101000001/sendMessage');
		expect(out.url).toBe('https://7105.api.greenapi.com/waInstance1101000001/sendMessage/tok-abc123');
	});

	it('keeps segments after the token (deleteNotification receipt id) and the query', async () => {
		const out = await authenticate(
			'https://7105.api.greenapi.com/waInstance1101000001/deleteNotification/42?x=1',
		);
		expect(out.url).toBe(
			'https://7105.api.greenapi.com/waInstance1101000001/deleteNotification/tok-abc123/42?x=1',
		);
	});

	it('adds the token on the media host', async () => {
		const out = await authenticate('https://7105.media.greenapi.com/waInstance1101000001/uploadFile');
		expect(out.url).toContain('/uploadFile/tok-abc123');
	});

	it('joins baseURL and a relative url (the credential test request)', async () => {
		const out = await authenticate('/waInstance1101000001/getStateInstance', 'https://7105.api.greenapi.com');
		expect(out.url).toBe('https://7105.api.greenapi.com/waInstance1101000001/getStateInstance/tok-abc123');
		expect(out.baseURL).toBeUndefined();
	});

	it.each([
		['another host', 'https://evil.example.com/waInstance1101000001/sendMessage'],
		['another instance', 'https://7105.api.greenapi.com/waInstance999/sendMessage'],
		['a file download on a storage host', 'https://sw-media-out.storage.greenapi.net/1101000001/x.jpg'],
		['another port', 'https://7105.api.greenapi.com:8443/waInstance1101000001/sendMessage'],
		['a lookalike host', 'https://7105.api.greenapi.com.evil.io/waInstance1101000001/sendMessage'],
	])('never sends the token to %s', async (_label, url) => {
		const out = await authenticate(url);
		expect(JSON.stringify(out)).not.toContain('tok-abc123');
	});

	it('respects a path prefix in the API URL', async () => {
		const out = await new GreenApiInstanceApi().authenticate(
			{ ...instance, apiUrl: 'http://127.0.0.1:8080/green' },
			{ url: 'http://127.0.0.1:8080/other/waInstance1101000001/sendMessage' },
		);
		expect(out.url).not.toContain('tok-abc123');
	});
});

describe('partner credential authenticate', () => {
	const partner = { partnerToken: 'ptok-777', partnerApiUrl: 'https://api.green-api.com' };
	it('puts the partner token after the partner method', async () => {
		const out = await new GreenApiPartnerApi().authenticate(partner, {
			url: 'https://api.green-api.com/partner/getInstances',
		});
		expect(out.url).toBe('https://api.green-api.com/partner/getInstances/ptok-777');
	});
	it('adds nothing to instance paths or other hosts', async () => {
		for (const url of [
			'https://api.green-api.com/waInstance1/getSettings',
			'https://example.com/partner/getInstances',
		]) {
			const out = await new GreenApiPartnerApi().authenticate(partner, { url });
			expect(out.url).toBe(url);
		}
	});
});
