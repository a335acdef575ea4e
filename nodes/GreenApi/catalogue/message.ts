import type { MethodEntry } from './types';
import { chat, choice, flag, json, list, messageId, number, phoneNumber, quotedMessageId, rows, text, url } from '../fields';
import { actionButtons, replyButtons, templateButtons } from './buttons';
import { typingTime } from './typing';

const footer = () => text({ name: 'footer', displayName: 'Footer', description: 'Small text under the message' });

const header = () => text({ name: 'header', displayName: 'Header', description: 'Line above the main text' });

const sentId = 'Returns the idMessage of the sent message.';

/** Title, description and link of a custom preview: at most 300 characters each (docs). */
const previewText = (part: 'title' | 'description' | 'link', displayName: string, description: string) =>
	text({ name: `preview${part[0].toUpperCase()}${part.slice(1)}`, key: `customPreview.${part}`, displayName, description, max: 300 });

/** sendListMessage sections: [{title, rows: [{title, rowId, description}]}]. */
function checkSections(value: unknown): string | undefined {
	if (!Array.isArray(value) || value.length === 0) return 'must be a list of sections';
	for (const [index, section] of value.entries()) {
		const sectionRows = (section as { rows?: unknown } | null)?.rows;
		if (!Array.isArray(sectionRows) || sectionRows.length === 0) return `section ${index + 1} has no rows`;
		for (const row of sectionRows as Array<{ title?: unknown; rowId?: unknown } | null>) {
			if (!row?.title || !row.rowId) return `every row in section ${index + 1} needs a title and a rowId`;
		}
	}
	return undefined;
}

export const messageEntries: MethodEntry[] = [
	{
		resource: 'message',
		operation: 'sendMessage',
		method: 'sendMessage',
		rateLimitRps: 50,
		name: 'Send Text',
		action: 'Send a text message',
		description: 'Send a text message to a person or a group. Returns the idMessage of the sent message.',
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			text({
				name: 'message',
				displayName: 'Text',
				description: 'Text to send; WhatsApp formatting such as *bold* and _italic_ is kept',
				required: true,
				max: 20000,
				rows: 4,
			}),
			quotedMessageId(),
			flag({
				name: 'linkPreview',
				displayName: 'Link Preview',
				description: 'Whether a link in the text gets a preview',
				default: true,
				onNode: true,
			}),
			choice({
				name: 'typePreview',
				displayName: 'Preview Size',
				description: 'Size of the link preview',
				options: [
					{ name: 'Large', value: 'large' },
					{ name: 'Small', value: 'small' },
				],
				default: 'large',
			}),
			previewText('title', 'Custom Preview Title', 'Title of your own link preview; required when any other Custom Preview option is set'),
			previewText('description', 'Custom Preview Description', 'Text under the title of your own link preview'),
			previewText('link', 'Custom Preview Link', 'Link your own preview points to'),
			url({
				name: 'previewImageUrl',
				key: 'customPreview.urlFile',
				displayName: 'Custom Preview Image URL',
				description: 'Link to an image shown in your own link preview',
			}),
			text({
				name: 'previewThumbnail',
				key: 'customPreview.jpegThumbnail',
				displayName: 'Custom Preview Thumbnail',
				description: 'JPEG thumbnail for your own link preview, as base64 text',
			}),
			typingTime(),
		],
	},
	{
		resource: 'message',
		operation: 'sendPoll',
		method: 'sendPoll',
		rateLimitRps: 50,
		name: 'Send Poll',
		action: 'Send a poll',
		description: 'Send a poll with 2 to 12 unique options. Votes arrive as Poll Vote events in the trigger.',
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			text({
				name: 'message',
				displayName: 'Question',
				description: 'The poll question',
				required: true,
				max: 255,
			}),
			// Labelled "Answers" so they are not confused with the Options collection below.
			rows({
				name: 'pollOptions',
				key: 'options',
				displayName: 'Answers',
				description: 'The answers voters choose from (2–12, each unique)',
				rowName: 'Answer',
				required: true,
				min: 2,
				max: 12,
				unique: 'optionName',
				columns: [
					text({
						name: 'optionName',
						displayName: 'Answer',
						description: 'Text of this answer',
						required: true,
						max: 100,
					}),
				],
			}),
			flag({
				name: 'multipleAnswers',
				displayName: 'Multiple Answers',
				description: 'Whether voters may pick more than one option',
				default: false,
			}),
			quotedMessageId(),
			typingTime(),
		],
	},
	{
		resource: 'message',
		operation: 'sendLocation',
		method: 'sendLocation',
		rateLimitRps: 50,
		name: 'Send Location',
		action: 'Send a location',
		description: `Send a map location, optionally with a place name and address, to a person or a group. ${sentId}`,
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			number({
				name: 'latitude',
				displayName: 'Latitude',
				description: 'Latitude in degrees, from -90 to 90',
				required: true,
				integer: false,
				min: -90,
				max: 90,
				default: 0,
			}),
			number({
				name: 'longitude',
				displayName: 'Longitude',
				description: 'Longitude in degrees, from -180 to 180',
				required: true,
				integer: false,
				min: -180,
				max: 180,
				default: 0,
			}),
			text({ name: 'nameLocation', displayName: 'Place Name', description: 'Name of the place, e.g. Office' }),
			text({ name: 'address', displayName: 'Address', description: 'Address line shown under the place name' }),
			quotedMessageId(),
			typingTime(),
		],
	},
	{
		resource: 'message',
		operation: 'sendContact',
		method: 'sendContact',
		rateLimitRps: 50,
		name: 'Send Contact',
		action: 'Send a contact card',
		description: `Send a contact card with a phone number and name to a person or a group. ${sentId}`,
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			// SendContact pages say 11 or 12 digits, the newer checkWhatsapp page 11-16: phoneNumber() takes both.
			phoneNumber({
				name: 'phoneContact',
				key: 'contact.phoneContact',
				displayName: 'Contact Phone Number',
				description: 'Phone number on the card, with country code, e.g. +7 900 123-45-67',
			}),
			text({
				name: 'firstName',
				key: 'contact.firstName',
				displayName: 'Contact First Name',
				description: 'First name on the card; give at least one of the name fields or the company',
				onNode: true,
			}),
			text({ name: 'middleName', key: 'contact.middleName', displayName: 'Contact Middle Name', description: 'Middle name on the card' }),
			text({ name: 'lastName', key: 'contact.lastName', displayName: 'Contact Last Name', description: 'Last name on the card' }),
			text({ name: 'company', key: 'contact.company', displayName: 'Contact Company', description: 'Company on the card' }),
			quotedMessageId(),
			typingTime(),
		],
		check: ({ body }) => {
			const contact = (body.contact ?? {}) as Record<string, unknown>;
			return ['firstName', 'middleName', 'lastName', 'company'].some((key) => contact[key])
				? undefined
				: 'a contact card needs a first, middle or last name or a company';
		},
	},
	{
		resource: 'message',
		operation: 'forwardMessages',
		method: 'forwardMessages',
		rateLimitRps: 50,
		name: 'Forward Messages',
		action: 'Forward messages to another chat',
		description:
			'Forward one or more messages from one chat to another. GREEN-API must already know the messages (check with Get Message); with wrong IDs the call still succeeds but nothing arrives. Returns messages, the IDs of the forwarded copies.',
		verb: 'POST',
		host: 'api',
		fields: [
			chat({
				displayName: 'To Chat',
				description: 'Chat to forward to: a phone number with country code or a chat ID (@c.us, @g.us or @lid)',
			}),
			chat({
				name: 'chatIdFrom',
				displayName: 'From Chat',
				description: 'Chat the messages come from: a phone number with country code or a chat ID (@c.us, @g.us or @lid)',
			}),
			list({
				name: 'messages',
				displayName: 'Message IDs',
				description: 'IDs of the messages to forward, one per line or separated by commas',
				required: true,
			}),
			typingTime(),
		],
	},
	{
		resource: 'message',
		operation: 'sendInteractiveButtons',
		method: 'sendInteractiveButtons',
		rateLimitRps: null,
		name: 'Send Interactive Buttons',
		action: 'Send a message with action buttons',
		description: `Send a message with up to 3 buttons that copy a code, call a number or open a link (beta; not shown by WhatsApp for Windows). ${sentId}`,
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			text({ name: 'body', displayName: 'Text', description: 'Main text of the message', required: true, max: 20000, rows: 4 }),
			actionButtons(),
			header(),
			footer(),
		],
	},
	{
		resource: 'message',
		operation: 'sendInteractiveButtonsReply',
		method: 'sendInteractiveButtonsReply',
		rateLimitRps: null,
		name: 'Send Reply Buttons',
		action: 'Send a message with reply buttons',
		description: `Send a message with up to 3 quick-reply buttons (beta); each can be pressed once and the press arrives in the trigger as a message. ${sentId}`,
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			text({ name: 'body', displayName: 'Text', description: 'Main text of the message', required: true, rows: 4 }),
			replyButtons('Up to 3 quick-reply buttons'),
			header(),
			footer(),
		],
	},
	{
		resource: 'message',
		operation: 'editMessage',
		method: 'editMessage',
		rateLimitRps: null,
		name: 'Edit Message',
		action: 'Edit a sent text message',
		description:
			'Replace the text of a text message this instance sent through the API (beta; WhatsApp allows edits only for a short time after sending). Returns an idMessage for the edit.',
		verb: 'POST',
		host: 'api',
		fields: [
			chat(),
			messageId({ description: 'ID of the text message to edit, as returned when it was sent' }),
			text({ name: 'message', displayName: 'New Text', description: 'The replacement text', required: true, max: 20000, rows: 4 }),
		],
	},
	{
		resource: 'message',
		operation: 'deleteMessage',
		method: 'deleteMessage',
		rateLimitRps: 10,
		name: 'Delete Message',
		action: 'Delete a message',
		description:
			"Delete a message for everyone in the chat, or only on this account with Delete Only for Me. The message is deleted permanently; this cannot be undone. Deleting for everyone works only within WhatsApp's time limit. Returns an empty response on success.",
		verb: 'POST',
		host: 'api',
		destructive: true,
		fields: [
			chat(),
			messageId({ description: 'ID of the message to delete' }),
			flag({
				name: 'onlySenderDelete',
				displayName: 'Delete Only for Me',
				description: 'Whether the message is deleted only on this account instead of for everyone',
				default: false,
			}),
		],
	},
	{
		resource: 'message',
		operation: 'sendButtons',
		method: 'sendButtons',
		rateLimitRps: 50,
		name: 'Send Buttons',
		action: 'Send a message with buttons',
		description: `Send a message with up to 3 reply buttons. WhatsApp no longer shows these and GREEN-API answers 403; use Send Reply Buttons instead. ${sentId}`,
		verb: 'POST',
		host: 'api',
		deprecated: true,
		fields: [
			chat(),
			text({ name: 'message', displayName: 'Text', description: 'Main text of the message', required: true, rows: 4 }),
			// The old docs type buttonId as integer but their examples send strings: strings are sent.
			replyButtons('Up to 3 reply buttons'),
			footer(),
			quotedMessageId(),
		],
	},
	{
		resource: 'message',
		operation: 'sendTemplateButtons',
		method: 'sendTemplateButtons',
		rateLimitRps: 50,
		name: 'Send Template Buttons',
		action: 'Send a message with template buttons',
		description: `Send a message with up to 3 link, call or quick-reply buttons. WhatsApp no longer shows these and GREEN-API answers 403; use Send Interactive Buttons instead. ${sentId}`,
		verb: 'POST',
		host: 'api',
		deprecated: true,
		fields: [
			chat(),
			text({ name: 'message', displayName: 'Text', description: 'Main text of the message', required: true, rows: 4 }),
			templateButtons(),
			footer(),
			quotedMessageId(),
		],
	},
	{
		resource: 'message',
		operation: 'sendListMessage',
		method: 'sendListMessage',
		rateLimitRps: 50,
		name: 'Send List',
		action: 'Send a message with a selection list',
		description: `Send a message with a button that opens a list of choices. WhatsApp no longer shows these and GREEN-API answers 403; use Send Poll or Send Reply Buttons instead. ${sentId}`,
		verb: 'POST',
		host: 'api',
		deprecated: true,
		fields: [
			chat(),
			text({ name: 'message', displayName: 'Text', description: 'Main text of the message', required: true, rows: 4 }),
			text({
				name: 'buttonText',
				displayName: 'Button Text',
				description: 'Label of the button that opens the list (at most 24 characters)',
				required: true,
				max: 24,
			}),
			// Old docs mention 3-10 rows in total (unconfirmed), so the count is not checked.
			json({
				name: 'sections',
				displayName: 'Sections',
				description: 'The list as JSON: [{"title": "...", "rows": [{"title": "...", "rowId": "...", "description": "..."}]}]',
				required: true,
				default: '[{"title": "Section", "rows": [{"title": "Choice", "rowId": "1", "description": ""}]}]',
				check: checkSections,
			}),
			text({ name: 'title', displayName: 'Title', description: 'Title above the text' }),
			footer(),
			quotedMessageId(),
		],
	},
];
