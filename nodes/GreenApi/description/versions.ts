import type { IDisplayOptions } from 'n8n-workflow';

/**
 * Versions of the GREEN-API node. A workflow keeps the version it was saved with, and n8n saves
 * only the parameter values that differ from their defaults, so a released version's parameters
 * (names, places, types, defaults, option values) never change; test/snapshots/saved-values holds
 * each released version to that. A change that would alter them ships as a new version here.
 *
 * - 1: first release.
 * - 1.1: chat fields are resource locators, archived operations are not offered, Set Settings
 *   has its own Settings list.
 * - 1.2: required numeric IDs (Delete Instance's Instance ID, Delete Notification's Receipt ID)
 *   start empty instead of at 1.
 */
export const V1_1 = 1.1;
export const V1_2 = 1.2;
export const NODE_VERSIONS = [1, V1_1, V1_2];
/** What new nodes get: the newest version. */
export const DEFAULT_NODE_VERSION = NODE_VERSIONS[NODE_VERSIONS.length - 1];

type Show = NonNullable<IDisplayOptions['show']>;

/**
 * The condition that shows a parameter on nodes from version `from` up to, not including,
 * `until`; none when that is every version. A closed range lists its versions, as n8n's
 * conditions take one comparison each.
 */
export function versionsFrom(from: number, until?: number): Show | undefined {
	if (until === undefined) return from <= NODE_VERSIONS[0] ? undefined : { '@version': [{ _cnd: { gte: from } }] };
	return { '@version': NODE_VERSIONS.filter((version) => version >= from && version < until) };
}
