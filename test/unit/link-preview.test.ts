import { isLinkPreview } from '../../nodes/GreenApi/sendAndWait/linkPreview';

describe('link previews do not count as a tap on an approval link', () => {
	it.each([
		'',
		'WhatsApp/2.24.1.1 A',
		'WhatsApp/2.23.20.0 i',
		'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
		'TelegramBot (like TwitterBot)',
		'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
		'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
		'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
		'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
		'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
		'Twitterbot/1.0',
	])('preview: %p', (agent) => {
		expect(isLinkPreview(agent)).toBe(true);
	});

	it.each([
		'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
		'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
	])('person: %p', (agent) => {
		expect(isLinkPreview(agent)).toBe(false);
	});
});
