import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateRequest } from './requestMarks';

/**
 * What the credential test says. n8n checks each rule by its type, HTTP status rules when the
 * request fails and body rules when it succeeds, so one list holds both, although the type
 * declares one kind per list. Without the status rules the test shows only "Unauthorized" or
 * "Forbidden".
 */
const TEST_RULES: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	{
		type: 'responseCode',
		properties: {
			value: 401,
			message: 'GREEN-API rejected the API token. Copy apiTokenInstance again from the instance page in the GREEN-API console.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message:
				'GREEN-API refused this instance at this API URL. Check that the Instance ID is the idInstance and the API URL the apiUrl the GREEN-API console shows for this instance.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message:
				'No GREEN-API instance API answers at this API URL. Use the apiUrl the GREEN-API console shows for this instance, e.g. https://7105.api.greenapi.com.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'stateInstance',
			value: 'notAuthorized',
			message:
				'The credentials work, but no phone is linked to this instance yet: scan the QR code in the GREEN-API console or use the Get Authorization Code operation.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'stateInstance',
			value: 'blocked',
			message: 'The credentials work, but WhatsApp has banned the number linked to this instance.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'stateInstance',
			value: 'starting',
			message: 'The credentials work, but the instance is starting (this can take a few minutes). Test again shortly.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'stateInstance',
			value: 'yellowCard',
			message:
				'The credentials work, but WhatsApp has temporarily restricted sending (suspected spam). Messages wait in the queue; send less and reboot the instance after a few hours.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'stateInstance',
			value: 'sleepMode',
			message: 'The credentials work, but the instance is in sleep mode (the phone is offline). Bring the phone online.',
		},
	},
];

export class GreenApiInstanceApi implements ICredentialType {
	name = 'greenApiInstanceApi';

	displayName = 'GREEN-API Instance API';

	icon = { light: 'file:../icons/greenApi.svg', dark: 'file:../icons/greenApi.dark.svg' } as const;

	documentationUrl = 'https://green-api.com/en/docs/before-start/';

	properties: INodeProperties[] = [
		{
			displayName: 'Instance ID',
			name: 'idInstance',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1101000001',
			description: 'The idInstance shown for your instance in the GREEN-API console (console.green-api.com)',
		},
		{
			displayName: 'API Token',
			name: 'apiTokenInstance',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The apiTokenInstance shown next to the instance ID in the GREEN-API console',
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: 'https://api.green-api.com',
			required: true,
			description: 'The apiUrl shown for your instance in the console, e.g. https://7105.api.greenapi.com',
		},
		{
			displayName: 'Media URL',
			name: 'mediaUrl',
			type: 'string',
			default: 'https://media.green-api.com',
			required: true,
			description: 'The mediaUrl shown for your instance in the console, e.g. https://7105.media.greenapi.com. File uploads go here.',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return authenticateRequest(
			requestOptions,
			[String(credentials.apiUrl), String(credentials.mediaUrl)],
			`waInstance${String(credentials.idInstance).trim()}`,
			String(credentials.apiTokenInstance),
		);
	}

	// The test request is built by n8n, not by the node's transport, so authenticate() leaves
	// it alone and it carries the token itself.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiUrl}}',
			url: '=/waInstance{{$credentials.idInstance}}/getStateInstance/{{$credentials.apiTokenInstance}}',
		},
		rules: TEST_RULES as ICredentialTestRequest['rules'],
	};
}
