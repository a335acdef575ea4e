import { number } from '../fields';

/** How far back the journal and status lists look. */
export const minutes = () =>
	number({
		name: 'minutes',
		in: 'query',
		displayName: 'Period (Minutes)',
		description: 'How far back to look, in minutes; GREEN-API uses 1440 (24 hours) when not set',
		min: 1,
		default: 1440,
	});
