import type { INodeProperties } from 'n8n-workflow';

/** WhatsApp shows at most 25 characters on a button. */
export const MAX_BUTTON_LABEL = 25;

export const DEFAULT_LABELS = { approve: 'Approve', decline: 'Decline', respond: 'Respond', submit: 'Submit' };

const forResponse = (...responseType: string[]) => ({ show: { responseType } });

const limitWaitTime: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description:
		'Whether to stop waiting for an answer after a while or at a given time. Without it, the execution waits until someone answers.',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'hours' } },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					options: [
						{ name: 'After Time Interval', value: 'afterTimeInterval', description: 'Stop waiting after an amount of time' },
						{ name: 'At Specified Time', value: 'atSpecifiedTime', description: 'Stop waiting at a date and time' },
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 1,
					description: 'How long to wait for an answer',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					default: 'hours',
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					default: '',
					description: 'When to stop waiting for an answer',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
				},
			],
		},
	],
};

const onTimeout: INodeProperties = {
	displayName: 'On Timeout',
	name: 'onTimeout',
	type: 'options',
	default: 'noResponse',
	description: 'What the node outputs when the wait limit is reached without an answer',
	options: [
		{
			name: 'Output a No-Response Item',
			value: 'noResponse',
			description: 'One item with data.responded false and data.timedOut true',
		},
		{
			name: 'Pass the Input Items On',
			value: 'passThrough',
			description: 'The items the node received, unchanged',
		},
	],
};

const messageFormat: INodeProperties = {
	displayName: 'Message Format',
	name: 'messageFormat',
	type: 'options',
	default: 'buttons',
	description: 'How the response links look in WhatsApp',
	options: [
		{
			name: 'Buttons Where Supported',
			value: 'buttons',
			description:
				'Tap-to-open buttons (sendInteractiveButtons) in personal chats; links in the text for groups or when GREEN-API refuses buttons',
		},
		{
			name: 'Links in the Text',
			value: 'links',
			description: 'Plain links below the message (sendMessage), shown by every WhatsApp app',
		},
	],
};

const formOptions: INodeProperties[] = [
	{
		displayName: 'Message Button Label',
		name: 'messageButtonLabel',
		type: 'string',
		default: 'Respond',
		description: 'Label of the button (or link) that opens the response form',
	},
	{
		displayName: 'Response Form Title',
		name: 'responseFormTitle',
		type: 'string',
		default: '',
		description: 'Title of the response form page',
	},
	{
		displayName: 'Response Form Description',
		name: 'responseFormDescription',
		type: 'string',
		default: '',
		description: 'Text above the form fields; empty shows the message',
	},
	{
		displayName: 'Response Form Button Label',
		name: 'responseFormButtonLabel',
		type: 'string',
		default: 'Submit',
		description: 'Label of the form’s submit button',
	},
];

const sortByName = (properties: INodeProperties[]) => [...properties].sort((a, b) => a.displayName.localeCompare(b.displayName));

/** The parameters of Message → Send and Wait for Response, besides the chat and the message. */
export const sendAndWaitProperties: INodeProperties[] = [
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{ name: 'Approval', value: 'approval', description: 'The person taps Approve (or Decline)' },
			{ name: 'Free Text', value: 'freeText', description: 'The person types an answer into a form' },
			{ name: 'Custom Form', value: 'customForm', description: 'The person fills in a form with your fields' },
		],
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add option',
		default: {},
		displayOptions: forResponse('approval'),
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Decline', value: 'double' },
						],
					},
					{
						displayName: 'Approve Button Label',
						name: 'approveLabel',
						type: 'string',
						default: 'Approve',
					},
					{
						displayName: 'Decline Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: 'Decline',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Form Fields',
		name: 'formFields',
		type: 'fixedCollection',
		placeholder: 'Add Form Field',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: forResponse('customForm'),
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Field Label',
						name: 'fieldLabel',
						type: 'string',
						default: '',
						placeholder: 'e.g. Delivery date',
						description: 'Label shown above the field; also the key of the answer in the output',
						required: true,
					},
					{
						displayName: 'Field Options',
						name: 'fieldOptions',
						type: 'string',
						default: '',
						placeholder: 'e.g. Morning, Afternoon, Evening',
						description: 'The choices of the dropdown list, separated by commas',
						displayOptions: { show: { fieldType: ['dropdown'] } },
					},
					{
						displayName: 'Field Type',
						name: 'fieldType',
						type: 'options',
						default: 'text',
						options: [
							{ name: 'Date', value: 'date' },
							{ name: 'Dropdown List', value: 'dropdown' },
							{ name: 'Email', value: 'email' },
							{ name: 'Number', value: 'number' },
							{ name: 'Text', value: 'text' },
							{ name: 'Textarea', value: 'textarea' },
						],
					},
					{
						displayName: 'Placeholder',
						name: 'placeholder',
						type: 'string',
						default: '',
						description: 'Sample text shown in the empty field',
						displayOptions: { show: { fieldType: ['text', 'textarea', 'number', 'email'] } },
					},
					{
						displayName: 'Required Field',
						name: 'requiredField',
						type: 'boolean',
						default: false,
						description: 'Whether the form can be sent only with this field filled in',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forResponse('approval'),
		options: sortByName([limitWaitTime, messageFormat, onTimeout]),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forResponse('freeText', 'customForm'),
		options: sortByName([...formOptions, limitWaitTime, messageFormat, onTimeout]),
	},
];
