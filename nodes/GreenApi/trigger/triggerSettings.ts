import { NOTIFICATION_SWITCHES, type SettingsSwitch } from '../catalogue/settingKeys';
import { MESSAGE_KINDS, WEBHOOK_TYPES } from '../events/eventCatalogue';

/**
 * The settings switches GREEN-API needs to send the chosen events. With no message kinds chosen,
 * every kind is wanted, so the switches of polls, edits and deletions are on too.
 */
export function switchesFor(events: string[], messageKinds: string[]): Set<SettingsSwitch> {
	const needed = new Set<SettingsSwitch>();
	const types = WEBHOOK_TYPES.filter((type) => events.includes(type.value));
	for (const type of types) type.switches.forEach((name) => needed.add(name));
	if (types.some((type) => type.isMessage)) {
		const kinds = messageKinds.length ? MESSAGE_KINDS.filter((kind) => messageKinds.includes(kind.value)) : MESSAGE_KINDS;
		for (const kind of kinds) kind.extraSwitches.forEach((name) => needed.add(name));
	}
	return needed;
}

/** Every switch, "yes" exactly for the needed ones. */
export function switchSettings(needed: Set<SettingsSwitch>): Record<SettingsSwitch, 'yes' | 'no'> {
	return Object.fromEntries(NOTIFICATION_SWITCHES.map((name) => [name, needed.has(name) ? 'yes' : 'no'])) as Record<
		SettingsSwitch,
		'yes' | 'no'
	>;
}
