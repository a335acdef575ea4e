import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CATALOGUE } from '../../nodes/GreenApi/catalogue';
import { NOTIFICATION_SWITCHES, WRITABLE_SETTINGS, YES_NO_SETTINGS } from '../../nodes/GreenApi/catalogue/settingKeys';
import { MESSAGE_KINDS, WEBHOOK_TYPES } from '../../nodes/GreenApi/events/eventCatalogue';

/**
 * The settings keys and the event → switch table, read from GREEN-API's contract itself (not from
 * the nodes' own tables, which the sandbox shares), so a wrong key or mapping fails here.
 */

interface Named {
	name: string;
	description: string;
}

interface ContractMethod {
	name: string;
	body: Named[];
	response: { fields: Named[] };
}

interface ContractWebhooks {
	typeWebhook: Array<{ name: string; setting: string; example: Record<string, unknown> }>;
	typeMessage: Array<{ name: string; description: string }>;
}

const contractDir = join(__dirname, '../../contract/green-api');
const methods = JSON.parse(readFileSync(join(contractDir, 'methods.json'), 'utf8')) as ContractMethod[];
const webhooks = JSON.parse(readFileSync(join(contractDir, 'webhooks.json'), 'utf8')) as ContractWebhooks;

const method = (name: string) => methods.find((candidate) => candidate.name === name)!;
const bodyKeys = (name: string) => method(name).body.map((param) => param.name);

/** The switches a setting text requires, written there as `key='yes'`. */
const requiredIn = (text: string) => [...text.matchAll(/(\w+)='yes'/g)].map((match) => match[1]).sort();

/** Every switch a text names, required or not. */
const namedIn = (text: string) => [...new Set([...text.matchAll(/\b(\w+Webhook)\b/g)].map((match) => match[1]))].sort();

/** The body keys a catalogue entry sends, in field order. */
const sentKeys = (name: string) =>
	CATALOGUE.find((entry) => entry.method === name)!.fields.map((field) =>
		field.placement.in === 'body' ? field.placement.key : field.placement.in,
	);

const sorted = (values: readonly string[]) => [...values].sort();

describe('settings keys against contract/green-api/methods.json', () => {
	it('the yes/no settings are the ones getSettings returns as "yes"/"no", in its order', () => {
		const yesNo = method('getSettings')
			.response.fields.filter((field) => /'yes'\s*\|\s*'no'/.test(field.description))
			.map((field) => field.name);
		expect(yesNo).toHaveLength(18);
		expect([...YES_NO_SETTINGS]).toEqual(yesNo);
	});

	it("the writable settings are setSettings' body, in its order, and Set Settings sends each of them", () => {
		expect([...WRITABLE_SETTINGS]).toEqual(bodyKeys('setSettings'));
		expect(sentKeys('setSettings')).toEqual(bodyKeys('setSettings'));
	});

	it('Create Instance sends the settings createInstance takes, in its order', () => {
		expect(sentKeys('createInstance')).toEqual(bodyKeys('createInstance'));
		const settings = bodyKeys('createInstance').filter((key) => key !== 'name');
		expect(settings.every((key) => (WRITABLE_SETTINGS as readonly string[]).includes(key))).toBe(true);
	});

	it('the notification switches are the settings webhooks.json names for its notifications', () => {
		const named = [
			...webhooks.typeWebhook.flatMap((type) => namedIn(type.setting)),
			...webhooks.typeMessage.flatMap((kind) => namedIn(kind.description)),
		];
		expect(sorted(NOTIFICATION_SWITCHES)).toEqual(sorted([...new Set(named)]));
		expect(NOTIFICATION_SWITCHES).toHaveLength(13);
	});
});

describe('event → settings switch table against contract/green-api/webhooks.json', () => {
	const types = webhooks.typeWebhook.map((type) => [type.name, type] as const);

	it('lists every notification type of the contract, and no other', () => {
		expect(sorted(WEBHOOK_TYPES.map((type) => type.value))).toEqual(sorted(webhooks.typeWebhook.map((type) => type.name)));
	});

	it.each(types)('%s needs exactly the switches the contract sets to yes', (name, contract) => {
		const ours = WEBHOOK_TYPES.find((type) => type.value === name)!;
		expect(sorted(ours.switches)).toEqual(requiredIn(contract.setting));
	});

	it.each(types)('%s is marked as stable, beta, deprecated, not working or legacy as the contract says', (name, contract) => {
		const ours = WEBHOOK_TYPES.find((type) => type.value === name)!;
		const said = /temporarily not working/.test(contract.setting)
			? 'notWorking'
			: /\(beta\)/.test(contract.setting)
				? 'beta'
				: /\(deprecated\)/.test(contract.setting)
					? 'deprecated'
					: /legacy/.test(contract.setting)
						? 'legacy'
						: 'stable';
		expect(ours.stability).toBe(said);
	});

	it.each(types)('%s is a message notification exactly when its body carries messageData', (name, contract) => {
		const ours = WEBHOOK_TYPES.find((type) => type.value === name)!;
		const example = contract.example;
		expect(ours.isMessage).toBe('messageData' in example);
	});

	// A message kind's own switches come on top of its notification type's (incoming, from the
	// phone, through the API), which the contract names along with them for incoming messages.
	const messageTypeSwitches = webhooks.typeWebhook
		.filter((type) => 'messageData' in type.example)
		.flatMap((type) => requiredIn(type.setting));

	it.each(webhooks.typeMessage.map((kind) => [kind.name, kind] as const))(
		'%s needs the extra switches its contract description names',
		(name, contract) => {
			const ours = MESSAGE_KINDS.find((kind) => kind.value === name)!;
			const extra = namedIn(contract.description).filter((key) => !messageTypeSwitches.includes(key));
			expect(sorted(ours.extraSwitches)).toEqual(extra);
		},
	);
});
