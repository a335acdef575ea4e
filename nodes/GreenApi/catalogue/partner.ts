import type { MethodEntry } from './types';
import { numericId, text } from '../fields';
import { WRITABLE_SETTINGS, type WritableSetting } from './settingKeys';
import { settingFields } from './settings';

/** Settings createInstance does not take (deprecated, beta or undocumented ones); they start off. */
const NOT_AT_CREATION: readonly WritableSetting[] = [
	'sharedSession',
	'statusInstanceWebhook',
	'enableMessagesHistory',
	'outgoingCallWebhook',
	'autoTyping',
	'linkPreview',
	'enableLidMode',
];

export const partnerEntries: MethodEntry[] = [
	{
		resource: 'partner',
		operation: 'getInstances',
		method: 'getInstances',
		rateLimitRps: null,
		name: 'Get Instances',
		action: 'Get the partner instances',
		description:
			'Get the instances of your partner account (needs a partner token): one item per instance with idInstance, name, apiTokenInstance, tariff, deleted, isExpired and dates. Deleted instances are listed for 3 months.',
		verb: 'GET',
		host: 'partner',
		safeToRetry: true,
		output: { kind: 'list' },
		fields: [],
	},
	{
		resource: 'partner',
		operation: 'createInstance',
		method: 'createInstance',
		rateLimitRps: null,
		name: 'Create Instance',
		action: 'Create an instance',
		description:
			'Create a new instance on your partner account (needs a partner token; may be billed). Settings not added under Options are off. Returns idInstance, apiTokenInstance and typeInstance of the new instance.',
		verb: 'POST',
		host: 'partner',
		fields: [
			text({
				name: 'instanceName',
				key: 'name',
				displayName: 'Instance Name',
				description: 'Name shown for the instance in the GREEN-API console',
			}),
			...settingFields(WRITABLE_SETTINGS.filter((key) => !NOT_AT_CREATION.includes(key))),
		],
	},
	{
		resource: 'partner',
		operation: 'deleteInstanceAccount',
		method: 'deleteInstanceAccount',
		rateLimitRps: null,
		name: 'Delete Instance',
		action: 'Delete an instance',
		description:
			'Delete an instance of your partner account (needs a partner token). Its token stops working and its settings, queues and journals are lost; this cannot be undone. The phone keeps it as a linked device, so log it out first. Returns deleteInstanceAccount: true, or code 404 when there is no such instance.',
		verb: 'POST',
		host: 'partner',
		destructive: true,
		fields: [
			numericId({
				name: 'idInstance',
				displayName: 'Instance ID',
				description: 'ID of the instance to delete',
				placeholder: '1101000001',
				savedDefault: 1,
			}),
		],
	},
];
