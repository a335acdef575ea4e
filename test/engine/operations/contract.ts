import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RequestRecord } from '../../../sandbox';

interface ContractField {
	name: string;
	required: boolean;
}

export interface ContractMethod {
	name: string;
	verb: string;
	host: 'api' | 'media' | 'partner';
	contentType: string | null;
	query: ContractField[];
	body: ContractField[];
}

export const METHODS: ContractMethod[] = JSON.parse(readFileSync(join(__dirname, '../../../contract/green-api/methods.json'), 'utf8'));

export const contractOf = (name: string): ContractMethod => {
	const method = METHODS.find((m) => m.name === name);
	if (!method) throw new Error(`${name} is not in methods.json`);
	return method;
};

const plainNames = (fields: ContractField[]) => fields.filter((field) => !field.name.includes('(')).map((field) => field.name);

/** Asserts that what the sandbox received has the shape methods.json gives for the method. */
export function expectContractShape(record: RequestRecord, method: ContractMethod) {
	expect({ verb: record.verb, method: record.method, tokenOk: record.tokenOk }).toEqual({
		verb: method.verb,
		method: method.name,
		tokenOk: true,
	});
	expect(record.kind).toBe(method.host === 'partner' ? 'partner' : 'instance');
	expect(record.host).toBe(method.host === 'media' ? 'media' : 'api');
	expect(plainNames(method.query)).toEqual(expect.arrayContaining(Object.keys(record.query)));

	const bodyNames = plainNames(method.body);
	const required = method.body.filter((field) => field.required && !field.name.includes('(')).map((f) => f.name);
	const contentType = method.contentType ?? '';
	if (contentType.startsWith('application/json')) {
		const sent = Object.keys((record.json as object) ?? {});
		expect(bodyNames).toEqual(expect.arrayContaining(sent));
		expect(sent).toEqual(expect.arrayContaining(required));
	} else if (contentType.startsWith('multipart/form-data')) {
		const fields = Object.keys(record.multipart?.fields ?? {});
		expect(bodyNames).toEqual(expect.arrayContaining([...fields, 'file']));
		expect([...fields, 'file']).toEqual(expect.arrayContaining(required));
		expect(record.multipart?.files.map((file) => file.field)).toEqual(['file']);
	} else if (contentType.startsWith('raw')) {
		expect(record.raw?.size).toBeGreaterThan(0);
	} else {
		expect(record.json).toBeUndefined();
		expect(record.multipart).toBeUndefined();
	}
}
