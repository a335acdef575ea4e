/**
 * Link previews fetch the link before anyone taps it: WhatsApp's own servers when a preview is
 * built, chat apps and mail scanners a link is forwarded to. Such a fetch must not count as an
 * approval. This matches their user agents (and a missing one); a person's browser, including a
 * headless one they script, is not matched.
 */
const PREVIEW_AGENTS = [
	/^WhatsApp\//i,
	/facebookexternalhit|facebookcatalog|meta-externalagent/i,
	/Slack(bot|-ImgProxy)|Discordbot|TelegramBot|Twitterbot|LinkedInBot|redditbot|Applebot|Pinterest/i,
	/SkypeUriPreview|Teams\/|MicrosoftPreview|Viber|Snapchat|vkShare|Embedly|Iframely|Google-?PageRenderer/i,
	/\bpreview\b/i,
	/(?:^|[\s;(])[A-Za-z-]*(?:bot|crawler|spider)(?:[/\s;)-]|$)/i,
];

export function isLinkPreview(userAgent: string | undefined): boolean {
	const agent = (userAgent ?? '').trim();
	return agent === '' || PREVIEW_AGENTS.some((pattern) => pattern.test(agent));
}
