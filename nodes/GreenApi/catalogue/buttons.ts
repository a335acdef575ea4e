import type { Field } from './types';
import { choice, FieldError, normalizePhoneNumber, rows, text, url } from '../fields';

type Row = Record<string, unknown>;

/** A row column shown only for some values of the row's `type` column. */
const shownFor = (field: Field, types: string[]): Field => ({
	...field,
	property: { ...field.property, displayOptions: { show: { type: types } } },
});

const need = (row: Row, key: string, label: string): unknown => {
	if (row[key] === undefined) throw new FieldError(`${label} is empty`);
	return row[key];
};

const buttonText = () =>
	text({
		name: 'buttonText',
		displayName: 'Button Text',
		description: 'Label on the button (at most 25 characters)',
		required: true,
		max: 25,
	});

const buttonId = () =>
	text({
		name: 'buttonId',
		displayName: 'Button ID',
		description: 'Your own ID for the button, reported back when it is pressed',
		required: true,
	});

/** Quick-reply buttons [{buttonId, buttonText}], at most 3. */
export const replyButtons = (description: string) =>
	rows({
		name: 'buttons',
		displayName: 'Buttons',
		description,
		rowName: 'Button',
		required: true,
		min: 1,
		max: 3,
		columns: [buttonId(), buttonText()],
	});

/** Copy-code, call and link buttons of sendInteractiveButtons, at most 3. */
export const actionButtons = () =>
	rows({
		name: 'buttons',
		displayName: 'Buttons',
		description: 'Up to 3 buttons that copy a code, call a number or open a link',
		rowName: 'Button',
		required: true,
		min: 1,
		max: 3,
		columns: [
			choice({
				name: 'type',
				displayName: 'Type',
				description: 'What pressing the button does',
				required: true,
				options: [
					{ name: 'Copy Code', value: 'copy' },
					{ name: 'Call', value: 'call' },
					{ name: 'Open URL', value: 'url' },
				],
				default: 'url',
			}),
			buttonId(),
			buttonText(),
			shownFor(text({ name: 'copyCode', displayName: 'Code', description: 'Text copied to the clipboard' }), ['copy']),
			shownFor(text({ name: 'phoneNumber', displayName: 'Phone Number', description: 'Number to call, with country code' }), ['call']),
			shownFor(url({ name: 'url', displayName: 'URL', description: 'Link to open' }), ['url']),
		],
		row: (row) => {
			const { type, buttonId: id, buttonText: label } = row;
			const button: Row = { type, buttonId: id, buttonText: label };
			if (type === 'copy') button.copyCode = need(row, 'copyCode', 'Code');
			if (type === 'call') button.phoneNumber = String(normalizePhoneNumber(need(row, 'phoneNumber', 'Phone Number')));
			if (type === 'url') button.url = need(row, 'url', 'URL');
			return button;
		},
	});

/** The archived sendTemplateButtons rows, sent as [{index, urlButton | callButton | quickReplyButton}]. */
export const templateButtons = () =>
	rows({
		name: 'templateButtons',
		displayName: 'Buttons',
		description: 'Up to 3 buttons that open a link, call a number or send a quick reply',
		rowName: 'Button',
		required: true,
		min: 1,
		max: 3,
		columns: [
			choice({
				name: 'type',
				displayName: 'Type',
				description: 'What pressing the button does',
				required: true,
				options: [
					{ name: 'Open URL', value: 'urlButton' },
					{ name: 'Call', value: 'callButton' },
					{ name: 'Quick Reply', value: 'quickReplyButton' },
				],
				default: 'quickReplyButton',
			}),
			text({ name: 'displayText', displayName: 'Button Text', description: 'Label on the button', required: true }),
			shownFor(url({ name: 'url', displayName: 'URL', description: 'Link to open' }), ['urlButton']),
			shownFor(text({ name: 'phoneNumber', displayName: 'Phone Number', description: 'Number to call, with country code' }), [
				'callButton',
			]),
			shownFor(text({ name: 'id', displayName: 'Reply ID', description: 'Your own ID, reported back when the button is pressed' }), [
				'quickReplyButton',
			]),
		],
		row: (row, position) => {
			const { type, displayText } = row;
			const detail: Row = { displayText };
			if (type === 'urlButton') detail.url = need(row, 'url', 'URL');
			if (type === 'callButton') detail.phoneNumber = need(row, 'phoneNumber', 'Phone Number');
			if (type === 'quickReplyButton') detail.id = need(row, 'id', 'Reply ID');
			return { index: position + 1, [String(type)]: detail };
		},
	});
