import type { MethodEntry } from './types';
import { choice, color, fileName, list, messageId, normalizeChatId, text, url } from '../fields';
import { minutes } from './period';

const participants = () =>
	list({
		name: 'participants',
		displayName: 'Visible To',
		description:
			'Phone numbers or personal chat IDs of the people who may see the status, one per line or separated by commas; empty means all contacts',
		item: (value) => normalizeChatId(value, 'person'),
	});

const statusUrl = (description: string) => url({ name: 'urlFile', displayName: 'File URL', description, required: true });

const reach = 'Statuses (beta) reach at most the first 1024 contacts that saved this number. Returns the idMessage of the status.';

const statusFields = 'idMessage, timestamp, typeMessage, the text or downloadUrl and caption, and sender or delivery details';

export const statusEntries: MethodEntry[] = [
	{
		resource: 'status',
		operation: 'sendTextStatus',
		method: 'sendTextStatus',
		rateLimitRps: 5,
		name: 'Send Text Status',
		action: 'Post a text status',
		description: `Post a text status (story) in white letters on a coloured background. ${reach}`,
		verb: 'POST',
		host: 'api',
		fields: [
			text({
				name: 'message',
				displayName: 'Text',
				description: 'Text of the status (at most 500 characters)',
				required: true,
				max: 500,
				rows: 3,
			}),
			// Doc copies disagree on the default (#FFFFFF vs #000000) and the text is white: always sent.
			color({
				name: 'backgroundColor',
				displayName: 'Background Color',
				description: 'Background behind the white text',
				default: '#000000',
				onNode: true,
			}),
			choice({
				name: 'font',
				displayName: 'Font',
				description: 'Font of the text',
				options: [
					{ name: 'Serif', value: 'SERIF' },
					{ name: 'Sans Serif', value: 'SANS_SERIF' },
					{ name: 'Norican', value: 'NORICAN_REGULAR' },
					{ name: 'Bryndan Write', value: 'BRYNDAN_WRITE' },
					{ name: 'Oswald Heavy', value: 'OSWALD_HEAVY' },
				],
				default: 'SANS_SERIF',
			}),
			participants(),
		],
	},
	{
		resource: 'status',
		operation: 'sendVoiceStatus',
		method: 'sendVoiceStatus',
		rateLimitRps: 5,
		name: 'Send Voice Status',
		action: 'Post a voice status',
		description: `Post an audio status from a public link (MP3 or WAV; audio longer than 1 minute is cut). ${reach}`,
		verb: 'POST',
		host: 'api',
		fields: [
			statusUrl('Direct public link to the audio file itself, e.g. a URL from Upload File'),
			fileName({ required: true, description: 'Name of the audio file with its extension, e.g. hello.mp3 (.mp3 and .wav are supported)' }),
			color({ name: 'backgroundColor', displayName: 'Background Color', description: 'Background shown while the audio plays' }),
			participants(),
		],
	},
	{
		resource: 'status',
		operation: 'sendMediaStatus',
		method: 'sendMediaStatus',
		rateLimitRps: 5,
		name: 'Send Media Status',
		action: 'Post an image or video status',
		description: `Post an image or video status from a public link (videos are cut to 1 minute; 9:16 works best). ${reach}`,
		verb: 'POST',
		host: 'api',
		fields: [
			statusUrl('Direct public link to the image or video itself, e.g. a URL from Upload File'),
			fileName({ required: true, description: 'Name of the file with its extension, e.g. promo.jpg' }),
			text({
				name: 'caption',
				displayName: 'Caption',
				description: 'Text under the image or video (at most 1024 characters)',
				max: 1024,
				rows: 2,
			}),
			participants(),
		],
	},
	{
		resource: 'status',
		operation: 'deleteStatus',
		method: 'deleteStatus',
		rateLimitRps: 10,
		name: 'Delete Status',
		action: 'Delete a status',
		description:
			'Delete one of your statuses for everyone who can see it. It is deleted permanently; this cannot be undone. Returns an empty response on success.',
		verb: 'POST',
		host: 'api',
		destructive: true,
		fields: [messageId({ description: 'ID of your status, as returned when it was posted' })],
	},
	{
		resource: 'status',
		operation: 'getStatusStatistic',
		method: 'getStatusStatistic',
		rateLimitRps: 1,
		name: 'Get Status Views',
		action: 'Get who received and viewed a status',
		description:
			'Get who a status of yours was sent to, delivered to and read by: one item per viewer with participant, timestamp and status (sent, delivered or read). Needs the Notify Outgoing Message Status setting; kept 30 days.',
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		output: { kind: 'list' },
		fields: [messageId({ in: 'query', description: 'ID of your status, as returned when it was posted' })],
	},
	{
		resource: 'status',
		operation: 'getIncomingStatuses',
		method: 'getIncomingStatuses',
		rateLimitRps: 1,
		name: 'Get Incoming Statuses',
		action: 'Get statuses posted by contacts',
		description: `Get the statuses your contacts posted during the last minutes. One item per status with ${statusFields}.`,
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		output: { kind: 'list' },
		fields: [minutes()],
	},
	{
		resource: 'status',
		operation: 'getOutgoingStatuses',
		method: 'getOutgoingStatuses',
		rateLimitRps: 1,
		name: 'Get Outgoing Statuses',
		action: 'Get statuses posted by this account',
		description: `Get the statuses this account posted during the last minutes: one item per status with ${statusFields}. Needs the Notify Outgoing Message Status setting.`,
		verb: 'GET',
		host: 'api',
		safeToRetry: true,
		output: { kind: 'list' },
		fields: [minutes()],
	},
];
