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
			message: 'GREEN-API rejected the partner token. Copy the partnerToken GREEN-API issued to your partner account again.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message: 'GREEN-API refused the partner API at this URL for this token. Check the Partner API URL and the partner token.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message: 'The partner API was not found at this URL. Check the Partner API URL.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'code',
			value: 401,
			message: 'GREEN-API rejected the partner token. Copy the partnerToken GREEN-API issued to your partner account again.',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'code',
			value: 404,
			message: 'The partner API was not found at this URL. Check the Partner API URL.',
		},
	},
];

export class GreenApiPartnerApi implements ICredentialType {
	name = 'greenApiPartnerApi';

	displayName = 'GREEN-API Partner API';

	icon = { light: 'file:../icons/greenApi.svg', dark: 'file:../icons/greenApi.dark.svg' } as const;

	documentationUrl = 'https://green-api.com/en/docs/partners/';

	properties: INodeProperties[] = [
		{
			displayName: 'Partner Token',
			name: 'partnerToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The partnerToken GREEN-API issued to your partner account',
		},
		{
			displayName: 'Partner API URL',
			name: 'partnerApiUrl',
			type: 'string',
			default: 'https://api.green-api.com',
			required: true,
			description: 'Base URL of the partner API',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return authenticateRequest(requestOptions, [String(credentials.partnerApiUrl)], 'partner', String(credentials.partnerToken));
	}

	// The partner API answers HTTP 200 even when it refuses, with the error code in the body.
	// The test request is built by n8n, not by the node's transport, so it carries the token itself.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.partnerApiUrl}}',
			url: '=/partner/getInstances/{{$credentials.partnerToken}}',
		},
		rules: TEST_RULES as ICredentialTestRequest['rules'],
	};
}
