import type { IHttpRequestOptions } from 'n8n-workflow';

import { GreenApiInstanceApi } from '../../credentials/GreenApiInstanceApi.credentials';
import { GreenApiPartnerApi } from '../../credentials/GreenApiPartnerApi.credentials';
import { ADD_TOKEN, markForToken } from '../../credentials/requestMarks';

const instance = {
	idInstance: '1101000001',
	apiTokenInstance: 'tok-abc123',
	apiUrl: 'https://7105.api.greenapi.com',
	mediaUrl: 'https://7105.media.greenapi.com/',
};

const marked = (url: string, baseURL?: string): IHttpRequestOptions => markForToken({ url, baseURL, method: 'GET' });
const authenticate = (options: IHttpRequestOptions) => new GreenApiInstanceApi().authenticate(instance, options);

describe('instance credential authenticate, for requests the transport marked', () => {
	it('puts the token right after the method on the API host', async () => {
		const out = await authenticate(marked('https://7105.api.greenapi.com/waInstance1101000001/sendMessage'));
		expect(out.url).toBe('https://7105.api.greenapi.com/waInstance1101000001/sendMessage/tok-abc123');
	});

	it('keeps segments after the token (deleteNotification receipt id) and the query', async () => {
		const out = await authenticate(marked('https://7105.api.greenapi.com/waInstance1101000001/deleteNotification/42?x=1'));
		expect(out.url).toBe('https://7105.api.greenapi.com/waInstance1101000001/deleteNotification/tok-abc123/42?x=1');
	});

	it('adds the token on the media host', async () => {
		const out = await authenticate(marked('https://7105.media.greenapi.com/waInstance1101000001/uploadFile'));
		expect(out.url).toContain('/uploadFile/tok-abc123');
	});

	it('joins baseURL and a relative url', async () => {
		const out = await authenticate(marked('/waInstance1101000001/getStateInstance', 'https://7105.api.greenapi.com'));
		expect(out.url).toBe('https://7105.api.greenapi.com/waInstance1101000001/getStateInstance/tok-abc123');
		expect(out.baseURL).toBeUndefined();
	});

	it('removes the mark, so authenticating the result again adds nothing', async () => {
		const once = await authenticate(marked('https://7105.api.greenapi.com/waInstance1101000001/getSettings'));
		expect(ADD_TOKEN in once).toBe(false);
		const twice = await authenticate(once);
		expect(twice.url).toBe(once.url);
	});

	it.each([
		['another host', 'https://evil.example.com/waInstance1101000001/sendMessage'],
		['another instance', 'https://7105.api.greenapi.com/waInstance999/sendMessage'],
		['another port', 'https://7105.api.greenapi.com:8443/waInstance1101000001/sendMessage'],
		['a lookalike host', 'https://7105.api.greenapi.com.evil.io/waInstance1101000001/sendMessage'],
	])('never sends the token to %s, even when marked', async (_label, url) => {
		const out = await authenticate(marked(url));
		expect(JSON.stringify(out)).not.toContain('tok-abc123');
	});

	it('respects a path prefix in the API URL', async () => {
		const out = await new GreenApiInstanceApi().authenticate(
			{ ...instance, apiUrl: 'http://127.0.0.1:8080/green' },
			marked('http://127.0.0.1:8080/other/waInstance1101000001/sendMessage'),
		);
		expect(out.url).not.toContain('tok-abc123');
	});
});

describe('instance credential authenticate, for anything else', () => {
	// The links a message or an answer carries: they look exactly like GREEN-API calls.
	it.each([
		['logout', 'https://7105.api.greenapi.com/waInstance1101000001/logout'],
		['getSettings', 'https://7105.api.greenapi.com/waInstance1101000001/getSettings'],
		['reboot on the media host', 'https://7105.media.greenapi.com/waInstance1101000001/reboot'],
		['a file on a storage host', 'https://sw-media-out.storage.greenapi.net/1101000001/x.jpg'],
	])('never adds the token to an unmarked request (%s)', async (_label, url) => {
		const out = await authenticate({ url, method: 'GET' });
		expect(out.url).toBe(url);
		expect(JSON.stringify(out)).not.toContain('tok-abc123');
	});
});

describe('partner credential authenticate', () => {
	const partner = { partnerToken: 'ptok-777', partnerApiUrl: 'https://api.green-api.com' };
	const authenticatePartner = (options: IHttpRequestOptions) => new GreenApiPartnerApi().authenticate(partner, options);

	it('puts the partner token after the partner method of a marked request', async () => {
		const out = await authenticatePartner(marked('https://api.green-api.com/partner/getInstances'));
		expect(out.url).toBe('https://api.green-api.com/partner/getInstances/ptok-777');
	});

	it('adds nothing to instance paths, other hosts or unmarked requests', async () => {
		for (const options of [
			marked('https://api.green-api.com/waInstance1/getSettings'),
			marked('https://example.com/partner/getInstances'),
			{ url: 'https://api.green-api.com/partner/getInstances', method: 'GET' as const },
		]) {
			const out = await authenticatePartner(options);
			expect(out.url).toBe(options.url);
		}
	});
});
