import {
	NodeHelpers,
	type IDisplayOptions,
	type INode,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Two views of the generated descriptions, compared against committed JSON:
 *
 * - `snapshotOf`: the whole description as far as parameters go (names, types, defaults, option
 *   values, display conditions including `@version`, type options), so any change shows up in
 *   review together with the snapshot update.
 * - `savedValuesOf`: what a workflow saved with one node version gets. n8n saves a node's
 *   parameters without the values that equal their default (`NodeHelpers.getNodeParameters`
 *   with `returnDefaults` off) and fills the defaults back in when it loads the workflow. So the
 *   parameters a version shows for each resource and operation, their types, defaults and
 *   option values are a contract with every workflow saved with that version.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Objects with their keys sorted, so the committed JSON has one stable order. */
export function sortKeys(value: unknown): Json {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
				.sort()
				.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
		);
	}
	return value as Json;
}

export const toJsonText = (value: unknown): string => `${JSON.stringify(sortKeys(value), null, '\t')}\n`;

// ---------------------------------------------------------------- the description snapshot

const PROPERTY_KEYS = ['name', 'type', 'default', 'required', 'noDataExpression', 'displayOptions', 'typeOptions'] as const;

type AnyOption = INodeProperties | INodePropertyOptions | INodePropertyCollection;

function optionSnapshot(option: AnyOption): Json {
	if ('value' in option) return sortKeys({ value: option.value });
	if ('values' in option) return sortKeys({ name: option.name, values: option.values.map(propertySnapshot) });
	return propertySnapshot(option);
}

function propertySnapshot(property: INodeProperties): Json {
	const picked: Record<string, unknown> = {};
	for (const key of PROPERTY_KEYS) picked[key] = property[key];
	if (property.options) picked.options = (property.options as AnyOption[]).map(optionSnapshot);
	if (property.modes) {
		picked.modes = property.modes.map(({ name, type, typeOptions, validation }) => ({ name, type, typeOptions, validation }));
	}
	return sortKeys(picked);
}

export function nodeSnapshot(description: INodeTypeDescription): Json {
	return sortKeys({
		name: description.name,
		version: description.version,
		defaultVersion: description.defaultVersion,
		credentials: description.credentials,
		webhooks: description.webhooks,
		polling: description.polling,
		usableAsTool: description.usableAsTool,
		properties: description.properties.map(propertySnapshot),
	});
}

export const credentialSnapshot = (credential: { name: string; properties: INodeProperties[] }): Json =>
	sortKeys({ name: credential.name, properties: credential.properties.map(propertySnapshot) });

// ---------------------------------------------------------------- what a saved workflow gets

/** One parameter as a saved workflow meets it. */
export interface SavedParameter {
	type: string;
	default: Json;
	/** Display conditions on other parameters of the same scope (returnAll, download, ...). */
	conditions?: Json;
	/** Values of an options or multiOptions list. */
	values?: Json[];
	/** The options of a collection, or the groups of a fixedCollection, by name. */
	options?: Record<string, SavedParameter[] | Record<string, SavedParameter[]>>;
	multipleValues?: boolean;
	/** Resource locator modes a saved `{ mode }` can name. */
	modes?: string[];
}

/**
 * Scope "" holds the parameters every node of the version has, "resource" the ones shown for a
 * resource (its Operation), "resource/operation" the ones of one operation.
 */
export interface SavedValues {
	type: string;
	version: number | null;
	scopes: Record<string, Record<string, SavedParameter[]>>;
}

const SCOPE_KEYS = ['@version', 'resource', 'operation'];

/** Splits display options into the scope part (version, resource, operation) and the rest. */
function splitDisplay(options: IDisplayOptions | undefined) {
	const scope: IDisplayOptions = {};
	const rest: IDisplayOptions = {};
	for (const kind of ['show', 'hide'] as const) {
		for (const [key, value] of Object.entries(options?.[kind] ?? {})) {
			const target = SCOPE_KEYS.includes(key) ? scope : rest;
			target[kind] = { ...target[kind], [key]: value };
		}
	}
	const keys = [...Object.keys(scope.show ?? {}), ...Object.keys(scope.hide ?? {})];
	return { scope, rest: Object.keys(rest).length ? rest : undefined, keys };
}

function savedParameter(property: INodeProperties, conditions: IDisplayOptions | undefined): SavedParameter {
	const saved: SavedParameter = { type: property.type, default: sortKeys(property.default) };
	if (conditions) saved.conditions = sortKeys(conditions);
	if (property.typeOptions?.multipleValues) saved.multipleValues = true;
	if (property.modes) saved.modes = property.modes.map((mode) => mode.name);
	const options = (property.options ?? []) as AnyOption[];
	if (property.type === 'options' || property.type === 'multiOptions') {
		saved.values = options.map((option) => sortKeys((option as INodePropertyOptions).value));
	} else if (property.type === 'collection') {
		saved.options = byName(options as INodeProperties[]);
	} else if (property.type === 'fixedCollection') {
		saved.options = Object.fromEntries((options as INodePropertyCollection[]).map((group) => [group.name, byName(group.values)]));
	}
	return saved;
}

/** Parameters inside a collection or a row, by name; they are saved whatever their value. */
function byName(properties: INodeProperties[]): Record<string, SavedParameter[]> {
	const result: Record<string, SavedParameter[]> = {};
	for (const property of properties) {
		(result[property.name] ??= []).push(savedParameter(property, property.displayOptions));
	}
	return result;
}

const optionValues = (property: INodeProperties) =>
	((property.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));

/**
 * What a workflow saved with `version` of this node gets, per resource and operation (or, for a
 * credential, `version` null: its fields, which n8n fills with their defaults when missing).
 */
export function savedValuesOf(description: Pick<INodeTypeDescription, 'name' | 'properties'>, version: number | null): SavedValues {
	const node = version === null ? null : ({ typeVersion: version } as INode);
	const shows = (property: INodeProperties, values: Record<string, string>, scope: IDisplayOptions) =>
		NodeHelpers.displayParameter(values, { ...property, displayOptions: scope }, node, description as INodeTypeDescription);

	const top = description.properties.filter((property) => {
		const { scope, keys } = splitDisplay(property.displayOptions);
		return !keys.some((key) => key !== '@version') && shows(property, {}, scope);
	});
	const resources = top.filter((property) => property.name === 'resource').flatMap(optionValues);

	const operations = Object.fromEntries(
		resources.map((resource) => [
			resource,
			description.properties
				.filter(
					(candidate) => candidate.name === 'operation' && shows(candidate, { resource }, splitDisplay(candidate.displayOptions).scope),
				)
				.flatMap(optionValues),
		]),
	);
	const scopes: SavedValues['scopes'] = {};
	const add = (scope: string, property: INodeProperties, conditions: IDisplayOptions | undefined) => {
		((scopes[scope] ??= {})[property.name] ??= []).push(savedParameter(property, conditions));
	};
	for (const property of description.properties) {
		const { scope, rest, keys } = splitDisplay(property.displayOptions);
		if (!keys.includes('resource') && !keys.includes('operation')) {
			if (top.includes(property)) add('', property, rest);
			continue;
		}
		for (const resource of resources) {
			if (!keys.includes('operation')) {
				if (shows(property, { resource }, scope)) add(resource, property, rest);
				continue;
			}
			for (const operation of operations[resource]) {
				if (shows(property, { resource, operation }, scope)) add(`${resource}/${operation}`, property, rest);
			}
		}
	}
	return { type: description.name, version, scopes: sortKeys(scopes) as unknown as SavedValues['scopes'] };
}

// ---------------------------------------------------------------- comparing

const same = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

/**
 * `inCollection`: an option of a collection (Options), which n8n saves whatever its value, so its
 * default never reaches a saved workflow. A fixedCollection's fields are saved like the node's own
 * parameters, without the values that equal their default.
 */
function compareParameters(
	path: string,
	was: SavedParameter[],
	now: SavedParameter[] | undefined,
	problems: string[],
	inCollection = false,
) {
	if (!now) {
		problems.push(`${path}: the parameter is gone (renamed, moved or removed); saved values for it are lost`);
		return;
	}
	if (was.length !== now.length) {
		problems.push(`${path}: was declared ${was.length} time(s) under different conditions, now ${now.length}`);
		return;
	}
	was.forEach((old, index) => {
		const current = now[index];
		const at = was.length > 1 ? `${path}[${index}]` : path;
		for (const key of ['type', 'default', 'conditions', 'multipleValues', 'modes'] as const) {
			if (key === 'default' && inCollection) continue;
			if (!same(old[key], current[key])) {
				problems.push(`${at}: ${key} was ${JSON.stringify(old[key])}, is now ${JSON.stringify(current[key])}`);
			}
		}
		for (const value of old.values ?? []) {
			if (!(current.values ?? []).some((candidate) => same(candidate, value))) {
				problems.push(`${at}: option value ${JSON.stringify(value)} is gone`);
			}
		}
		for (const [name, inner] of Object.entries(old.options ?? {})) {
			const next = current.options?.[name];
			if (Array.isArray(inner)) {
				compareParameters(`${at} › ${name}`, inner, next as SavedParameter[] | undefined, problems, old.type === 'collection');
			} else if (!next || Array.isArray(next)) {
				problems.push(`${at} › ${name}: the group is gone`);
			} else {
				for (const [field, parameters] of Object.entries(inner)) {
					compareParameters(`${at} › ${name} › ${field}`, parameters, next[field], problems);
				}
			}
		}
	});
}

/**
 * What changed for workflows saved as `recorded` describes. New resources, operations, option
 * values and collection options are fine (no saved workflow holds them); a parameter added to a
 * recorded operation is not, because every saved workflow of that operation would get its default.
 */
export function savedValueChanges(recorded: SavedValues, current: SavedValues): string[] {
	const problems: string[] = [];
	for (const [scope, parameters] of Object.entries(recorded.scopes)) {
		const now = current.scopes[scope];
		const where = scope === '' ? '(every node)' : scope;
		if (!now) {
			problems.push(`${where}: no longer offered`);
			continue;
		}
		for (const [name, was] of Object.entries(parameters)) compareParameters(`${where} › ${name}`, was, now[name], problems);
		for (const name of Object.keys(now)) {
			if (!parameters[name]) problems.push(`${where} › ${name}: new parameter; saved workflows would get its default`);
		}
	}
	return problems;
}
