import type { INodeProperties } from 'n8n-workflow';

export const MAX_TIME_LIMIT_SECONDS = 600;

/** The parameters of Instance → Get Live QR Code (scanqrcode). */
export const liveQrProperties: INodeProperties[] = [
	{
		displayName: 'Wait Until Authorized',
		name: 'waitForAuthorization',
		type: 'boolean',
		default: false,
		description:
			'Whether to keep the QR websocket open until a phone scans the code and the instance is authorized, instead of returning the current QR code at once',
	},
	{
		displayName: 'Time Limit (Seconds)',
		name: 'timeLimit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TIME_LIMIT_SECONDS },
		default: 60,
		description:
			'How long to wait at most: for the first QR code, or with Wait Until Authorized, for the phone to be linked. GREEN-API ends a websocket after about 100 seconds; the node then reconnects until the limit.',
	},
	{
		displayName: 'On Timeout',
		name: 'onTimeout',
		type: 'options',
		default: 'error',
		description: 'What happens when no phone was linked within the time limit',
		options: [
			{
				name: 'Fail',
				value: 'error',
				description: 'Stop with an error that says no phone was linked',
			},
			{
				name: 'Return the Latest QR Code',
				value: 'output',
				description: 'Output an item with status "timeout" and the latest QR code, e.g. to send it again and loop',
			},
		],
		displayOptions: { show: { waitForAuthorization: [true] } },
	},
	{
		displayName: 'Put QR Code in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the QR code image in',
		description: 'Name of the output binary field that receives the QR code as a PNG image',
	},
];
