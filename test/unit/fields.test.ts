import {
	binaryFile,
	chat,
	choice,
	color,
	FieldError,
	fileName,
	flag,
	inContext,
	json,
	list,
	messageId,
	normalizeChatId,
	number,
	numericId,
	phoneNumber,
	rows,
	text,
	url,
	yesNo,
} from '../../nodes/GreenApi/fields';
import type { Field } from '../../nodes/GreenApi/catalogue/types';
import type { FieldOptions } from '../../nodes/GreenApi/fields/field';

const refuses = (field: Field, value: unknown, message?: string | RegExp) => {
	expect(() => field.toApi(value)).toThrow(FieldError);
	if (message) expect(() => field.toApi(value)).toThrow(message);
};

describe('builders with defaults of their own', () => {
	it.each([
		['chat', chat, 'chatId', 'Chat', true],
		['group chat', (o: Partial<FieldOptions>) => chat({ ...o, kind: 'group' }), 'groupId', 'Group ID', true],
		['phoneNumber', phoneNumber, 'phoneNumber', 'Phone Number', true],
		['messageId', messageId, 'idMessage', 'Message ID', true],
		['fileName', fileName, 'fileName', 'File Name', false],
	] as Array<[string, (options: Partial<FieldOptions>) => Field, string, string, boolean]>)(
		'%s: its own name, label and required-ness unless the entry sets them',
		(_label, build, name, displayName, required) => {
			const plain = build({});
			expect([plain.property.name, plain.required]).toEqual([name, required]);
			expect((plain.earlier?.[0].property ?? plain.property).displayName).toBe(displayName);
			const own = build({ name: 'other', displayName: 'Other', required: !required, key: 'api.key' });
			expect([own.property.name, own.required, own.placement]).toEqual(['other', !required, { in: 'body', key: 'api.key' }]);
			expect(build({ required: undefined }).required).toBe(required);
		},
	);
});

describe('chat()', () => {
	it.each([
		['+7 (900) 123-45-67', '79001234567@c.us'],
		['79001234567', '79001234567@c.us'],
		['0079001234567', '79001234567@c.us'],
		[79001234567, '79001234567@c.us'],
		['79001234567@c.us', '79001234567@c.us'],
		[' 79001234567@C.US ', '79001234567@c.us'],
		['120363000000000001@g.us', '120363000000000001@g.us'],
		['79001234567-1581234048@g.us', '79001234567-1581234048@g.us'],
		['123456789012345@lid', '123456789012345@lid'],
	])('normalises %p to %p', (input, expected) => {
		expect(chat().toApi(input)).toBe(expected);
	});

	it.each(['abc', '12', '79001234567@x.com', '+7 900 + 1', '', '   ', undefined, null, '1234567890123456'])('refuses %p', (input) =>
		refuses(chat(), input),
	);

	it('explains what a chat looks like', () => {
		try {
			chat().toApi('abc');
		} catch (error) {
			expect((error as FieldError).hint).toMatch(/@c\.us/);
		}
		expect.assertions(1);
	});

	it('group kind takes only groups', () => {
		const group = chat({ kind: 'group' });
		expect(group.property.name).toBe('groupId');
		expect(group.toApi('120363000000000001@g.us')).toBe('120363000000000001@g.us');
		refuses(group, '79001234567@c.us', /not a group ID/);
		refuses(group, '79001234567');
		refuses(group, '123456789012345@lid');
	});

	it('person kind refuses groups but takes phones and linked IDs', () => {
		const person = chat({ kind: 'person', name: 'participantChatId', displayName: 'Participant' });
		expect(person.placement).toEqual({ in: 'body', key: 'participantChatId' });
		expect(person.toApi('+7 900 123 45 67')).toBe('79001234567@c.us');
		expect(person.toApi('123456789012345@lid')).toBe('123456789012345@lid');
		refuses(person, '120363000000000001@g.us');
	});

	it('is required unless told otherwise; an optional one may stay empty', () => {
		expect(chat().required).toBe(true);
		expect(chat().onNode).toBe(true);
		const optional = chat({ required: false });
		expect(optional.onNode).toBe(false);
		expect(optional.toApi('')).toBeUndefined();
		expect(optional.toApi('79001234567')).toBe('79001234567@c.us');
	});

	it('normalizeChatId is usable for list items', () => {
		expect(normalizeChatId('+7 900 123-45-67', 'person')).toBe('79001234567@c.us');
		expect(() => normalizeChatId('120363000000000001@g.us', 'person')).toThrow(FieldError);
	});
});

describe('phoneNumber()', () => {
	it.each([
		['+7 (900) 123-45-67', 79001234567],
		['79001234567', 79001234567],
		['79001234567@c.us', 79001234567],
		[79001234567, 79001234567],
		['1234567890123456', 1234567890123456],
	])('turns %p into the integer %p', (input, expected) => {
		expect(phoneNumber().toApi(input)).toBe(expected);
	});

	it.each(['7900123456', '12345678901234567', 'abc', '', '+7 900 + 1', '120363000000000001@g.us'])('refuses %p', (input) =>
		refuses(phoneNumber(), input),
	);

	it('can be optional and renamed', () => {
		const field = phoneNumber({ name: 'phoneContact', key: 'contact.phoneContact', required: false });
		expect(field.placement).toEqual({ in: 'body', key: 'contact.phoneContact' });
		expect(field.toApi('')).toBeUndefined();
	});
});

describe('text()', () => {
	const limited = text({ name: 'message', displayName: 'Text', description: 'Text', max: 5, required: true });

	it('counts an emoji as one character', () => {
		expect(limited.toApi('😀😀😀😀😀')).toBe('😀😀😀😀😀');
		refuses(limited, '😀😀😀👍😀😀', /6 characters/);
		expect(limited.toApi('abcde')).toBe('abcde');
		refuses(limited, 'abcdef');
	});

	it('refuses a required empty value and leaves an optional one out', () => {
		refuses(limited, '  ', /empty/);
		const optional = text({ name: 'footer', displayName: 'Footer', description: 'Footer' });
		expect(optional.toApi('')).toBeUndefined();
		expect(optional.toApi(undefined)).toBeUndefined();
		expect(optional.toApi(42)).toBe('42');
	});

	it('sends a deliberate blank as "" when allowed, and masks secrets', () => {
		const token = text({ name: 'webhookUrlToken', displayName: 'Token', description: 'Token', allowEmpty: true, password: true });
		expect(token.toApi('')).toBe('');
		expect(token.toApi(undefined)).toBeUndefined();
		expect(token.toApi('abc')).toBe('abc');
		expect(token.property.typeOptions).toEqual({ password: true });
	});

	it('places header and dotted keys', () => {
		expect(text({ name: 'a', key: 'GA-Filename', in: 'header', displayName: 'A', description: 'A' }).placement).toEqual({
			in: 'header',
			key: 'GA-Filename',
		});
		expect(text({ name: 'title', key: 'customPreview.title', displayName: 'T', description: 'T' }).placement).toEqual({
			in: 'body',
			key: 'customPreview.title',
		});
	});

	it('messageId() is a required text by default', () => {
		expect(messageId().property.name).toBe('idMessage');
		refuses(messageId(), '');
		expect(messageId({ required: false }).toApi('')).toBeUndefined();
		expect(messageId({ in: 'query' }).placement).toEqual({ in: 'query', key: 'idMessage' });
	});
});

describe('url(), fileName(), color()', () => {
	const link = url({ name: 'urlFile', displayName: 'File URL', description: 'Link', required: true });

	it('url() takes only http(s) links', () => {
		expect(link.toApi(' https://example.com/a.pdf ')).toBe('https://example.com/a.pdf');
		expect(link.toApi('http://example.com')).toBe('http://example.com');
		refuses(link, 'ftp://example.com/a.pdf');
		refuses(link, 'example.com');
		refuses(link, 'https://exa mple.com');
		refuses(link, '');
		const clearable = url({ name: 'webhookUrl', displayName: 'Webhook URL', description: 'Link', allowEmpty: true });
		expect(clearable.toApi('')).toBe('');
		expect(clearable.toApi(undefined)).toBeUndefined();
	});

	it('fileName() needs an extension', () => {
		expect(fileName().toApi(' photo.JPG ')).toBe('photo.JPG');
		refuses(fileName(), 'photo', /extension/);
		expect(fileName().toApi('')).toBeUndefined();
		refuses(fileName({ required: true }), '');
	});

	it('color() sends #RRGGBB', () => {
		const background = color({ name: 'backgroundColor', displayName: 'Background Color', description: 'Colour' });
		expect(background.property.type).toBe('color');
		expect(background.toApi('#228b22')).toBe('#228B22');
		expect(background.toApi('228B22')).toBe('#228B22');
		expect(background.toApi('#fff')).toBe('#FFFFFF');
		expect(background.toApi('')).toBeUndefined();
		refuses(background, 'red');
		refuses(background, '#12345');
	});
});

describe('number()', () => {
	const timeout = number({ name: 'receiveTimeout', displayName: 'Wait', description: 'Wait', min: 5, max: 60, in: 'query', default: 5 });

	it('keeps whole numbers within the range', () => {
		expect(timeout.toApi(5)).toBe(5);
		expect(timeout.toApi('60')).toBe(60);
		refuses(timeout, 4);
		refuses(timeout, 61);
		refuses(timeout, 5.5, /whole number/);
		refuses(timeout, 'abc');
		expect(timeout.toApi('')).toBeUndefined();
		expect(timeout.property.typeOptions).toEqual({ minValue: 5, maxValue: 60 });
		expect(timeout.placement).toEqual({ in: 'query', key: 'receiveTimeout' });
	});

	it('takes fractions when asked and refuses a required blank', () => {
		const latitude = number({
			name: 'latitude',
			displayName: 'Latitude',
			description: 'Latitude',
			min: -90,
			max: 90,
			integer: false,
			required: true,
			default: 0,
		});
		expect(latitude.toApi('55.7558')).toBe(55.7558);
		refuses(latitude, 90.0001);
		refuses(latitude, '', /empty/);
	});

	it('can be a URL path segment', () => {
		const receipt = number({
			name: 'receiptId',
			displayName: 'Receipt ID',
			description: 'Receipt',
			in: 'path',
			min: 1,
			required: true,
			default: 1,
		});
		expect(receipt.placement).toEqual({ in: 'path' });
		expect(receipt.toApi(7)).toBe(7);
	});

	it('starts where it is told, not at its minimum', () => {
		expect(number({ name: 'delay', displayName: 'Delay', description: 'Delay', min: 500, default: 1000 }).property.default).toBe(1000);
	});
});

describe('numericId()', () => {
	const id = numericId({ name: 'idInstance', displayName: 'Instance ID', description: 'ID', placeholder: '1101000001', savedDefault: 1 });

	it('starts empty from node version 1.2, with an example as placeholder', () => {
		expect(id.property).toMatchObject({ type: 'string', default: '', placeholder: '1101000001', required: true });
	});

	it('keeps the number field and default 1 that versions 1 and 1.1 saved workflows hold', () => {
		expect(id.earlier).toEqual([
			{ until: 1.2, property: expect.objectContaining({ type: 'number', default: 1, typeOptions: { minValue: 1 } }) },
		]);
		expect(id.earlier?.[0].property.placeholder).toBeUndefined();
	});

	it('takes a number or digits and refuses an empty or non-numeric ID', () => {
		expect(id.toApi(1101000001)).toBe(1101000001);
		expect(id.toApi(' 1101000001 ')).toBe(1101000001);
		refuses(id, '', /empty/);
		refuses(id, 'abc', /not a whole number/);
		refuses(id, 0, /outside the allowed range/);
	});
});

describe('choice()', () => {
	const timer = choice({
		name: 'ephemeralExpiration',
		displayName: 'Timer',
		description: 'Timer',
		required: true,
		options: [
			{ name: 'Off', value: 0 },
			{ name: '7 Days', value: 604800 },
			{ name: '24 Hours', value: 86400 },
		],
		default: 604800,
	});

	it('sorts the options by name and starts at the default it was given', () => {
		expect(timer.property.options?.map((option) => option.name)).toEqual(['24 Hours', '7 Days', 'Off']);
		expect(timer.property.default).toBe(604800);
	});

	it('refuses a default that is not one of its options', () => {
		expect(() =>
			choice({ name: 'size', displayName: 'Size', description: 'Size', options: [{ name: 'Large', value: 'large' }], default: 'big' }),
		).toThrow(/default is not one of the options/);
	});

	it('returns the option value in its own type and refuses others', () => {
		expect(timer.toApi('604800')).toBe(604800);
		expect(timer.toApi(0)).toBe(0);
		refuses(timer, 3600, /not one of/);
		refuses(timer, '', /empty/);
	});

	it('maps boolean options and leaves an empty optional choice out', () => {
		const group = choice({
			name: 'group',
			displayName: 'Include',
			description: 'Which',
			options: [
				{ name: 'All', value: '' },
				{ name: 'Groups Only', value: true },
				{ name: 'People Only', value: false },
			],
			default: '',
		});
		expect(group.toApi(true)).toBe(true);
		expect(group.toApi('false')).toBe(false);
		expect(group.toApi('')).toBeUndefined();
	});
});

describe('list()', () => {
	const ids = list({ name: 'messages', displayName: 'Message IDs', description: 'IDs', required: true, max: 3 });

	it('takes an array or text split by lines, commas or semicolons', () => {
		expect(ids.toApi(['a', ' ', 'b'])).toEqual(['a', 'b']);
		expect(ids.toApi('a\nb, c')).toEqual(['a', 'b', 'c']);
		expect(ids.toApi('a;b')).toEqual(['a', 'b']);
	});

	it('enforces min and max', () => {
		refuses(ids, '', /at least 1/);
		refuses(ids, 'a,b,c,d', /at most 3/);
		const optional = list({ name: 'participants', displayName: 'P', description: 'P' });
		expect(optional.toApi('')).toBeUndefined();
	});

	it('converts each entry and names the one that fails', () => {
		const people = list({
			name: 'chatIds',
			displayName: 'Participants',
			description: 'People',
			required: true,
			item: (value) => normalizeChatId(value, 'person'),
		});
		expect(people.toApi('+7 900 123-45-67\n79001234568@c.us')).toEqual(['79001234567@c.us', '79001234568@c.us']);
		refuses(people, '79001234567\nabc', /^entry 2 /);
	});
});

describe('rows()', () => {
	const options = rows({
		name: 'pollOptions',
		key: 'options',
		displayName: 'Options',
		description: 'Answers',
		rowName: 'Option',
		required: true,
		min: 2,
		max: 3,
		unique: 'optionName',
		columns: [text({ name: 'optionName', displayName: 'Option', description: 'Answer', required: true, max: 5 })],
	});
	const value = (...names: unknown[]) => ({ row: names.map((optionName) => ({ optionName })) });

	it('builds an array of objects under the API key', () => {
		expect(options.placement).toEqual({ in: 'body', key: 'options' });
		expect(options.property.type).toBe('fixedCollection');
		expect(options.toApi(value('Mon', 'Tue'))).toEqual([{ optionName: 'Mon' }, { optionName: 'Tue' }]);
	});

	it('enforces min, max and uniqueness', () => {
		refuses(options, value('Mon'), /at least 2/);
		refuses(options, {}, /at least 2/);
		refuses(options, value('a', 'b', 'c', 'd'), /at most 3/);
		refuses(options, value('Mon', 'Mon'), /twice/);
	});

	it('names the row and column of a nested error', () => {
		refuses(options, value('Mon', ''), 'Option 2, Option: is empty');
		refuses(options, value('Mon', 'Tuesday'), /^Option 2, Option: is 7 characters long/);
	});

	it('applies a row rule, naming the row, and lists columns alphabetically', () => {
		const buttons = rows({
			name: 'buttons',
			displayName: 'Buttons',
			description: 'Buttons',
			rowName: 'Button',
			columns: [
				text({ name: 'label', displayName: 'Label', description: 'Label' }),
				text({ name: 'code', displayName: 'Code', description: 'Code' }),
			],
			row: (row, position) => {
				if (!row.code) throw new FieldError('Code is empty');
				return { index: position + 1, ...row };
			},
		});
		const values = buttons.property.options?.[0] as { values: Array<{ name: string }> };
		expect(values.values.map((column) => column.name)).toEqual(['code', 'label']);
		expect(buttons.toApi({ row: [{ label: 'A', code: 'X' }] })).toEqual([{ index: 1, label: 'A', code: 'X' }]);
		refuses(buttons, { row: [{ label: 'A', code: 'X' }, { label: 'B' }] }, 'Button 2: Code is empty');
		expect(buttons.toApi({})).toBeUndefined();
	});
});

describe('json()', () => {
	const sections = json({
		name: 'sections',
		displayName: 'Sections',
		description: 'Sections',
		required: true,
		check: (value) => (Array.isArray(value) ? undefined : 'must be a list'),
	});

	it('parses text, takes objects from expressions and runs the check', () => {
		expect(sections.toApi('[{"title":"A"}]')).toEqual([{ title: 'A' }]);
		expect(sections.toApi([{ title: 'A' }])).toEqual([{ title: 'A' }]);
		refuses(sections, '{"title":', /not valid JSON/);
		refuses(sections, '{"title":"A"}', /must be a list/);
		refuses(sections, '', /empty/);
	});

	it('accepts JSON null as a value, not as invalid text', () => {
		const anything = json({ name: 'x', displayName: 'X', description: 'X' });
		expect(anything.toApi('null')).toBeNull();
		expect(anything.toApi('')).toBeUndefined();
	});
});

describe('flag() and yesNo()', () => {
	const preview = flag({ name: 'linkPreview', displayName: 'Link Preview', description: 'Whether', default: true });
	const incoming = yesNo({ name: 'incomingWebhook', displayName: 'Incoming', description: 'Whether', default: false });

	it('flag() sends JSON booleans', () => {
		expect(preview.property.default).toBe(true);
		expect(preview.toApi(true)).toBe(true);
		expect(preview.toApi(false)).toBe(false);
		expect(preview.toApi('false')).toBe(false);
		expect(preview.toApi('true')).toBe(true);
		expect(preview.toApi(undefined)).toBeUndefined();
	});

	it('yesNo() sends "yes"/"no"', () => {
		expect(incoming.property.type).toBe('boolean');
		expect(incoming.toApi(true)).toBe('yes');
		expect(incoming.toApi(false)).toBe('no');
		expect(incoming.toApi('no')).toBe('no');
		expect(incoming.toApi(undefined)).toBeUndefined();
	});
});

describe('binaryFile() and inContext()', () => {
	it('binaryFile() names the input binary field and travels as the file', () => {
		const file = binaryFile();
		expect(file.placement).toEqual({ in: 'file' });
		expect(file.required).toBe(true);
		expect(file.toApi(' data ')).toBe('data');
	});

	it('inContext() prefixes field errors and passes others through', () => {
		const prefixed = inContext(new FieldError('is empty', 'hint'), 'entry 2 ') as FieldError;
		expect(prefixed).toBeInstanceOf(FieldError);
		expect(prefixed.message).toBe('entry 2 is empty');
		expect(prefixed.hint).toBe('hint');
		const other = new TypeError('boom');
		expect(inContext(other, 'x')).toBe(other);
	});
});
