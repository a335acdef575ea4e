import { choice, number } from '../fields';

/** The optional "typing…" indicator several send methods accept. */
export const typingTime = () =>
	number({
		name: 'typingTime',
		displayName: 'Typing Time (Ms)',
		description: 'How long the chat shows "typing…" before the message arrives, in milliseconds (1000–20000)',
		min: 1000,
		max: 20000,
		default: 1000,
	});

/**
 * What the chat shows while a file is on its way. Only 'recording' is documented (Java SDK);
 * its notes also mention 'typing', so both are offered.
 */
export const typingType = () =>
	choice({
		name: 'typingType',
		displayName: 'Typing Indicator',
		description: 'What the chat shows during the typing time; recording suits voice messages',
		options: [
			{ name: 'Typing', value: 'typing' },
			{ name: 'Recording Audio', value: 'recording' },
		],
		default: 'typing',
	});
