import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CATALOGUE } from '../../nodes/GreenApi/catalogue';

/**
 * What one operation needs lives in its catalogue entry (check, prepare, readAnswer, output,
 * run); the code every operation goes through never names an operation.
 */
const NODE_DIR = join(__dirname, '../../nodes/GreenApi');
const SHARED = ['execute', 'transport', 'description'];
/** The websocket client of scanqrcode, GREEN-API's one method that is not an HTTP request. */
const OWN_TRANSPORT = new Set(['transport/qrSocket.ts']);

const withoutComments = (source: string) =>
	source
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/^\s*\/\/.*$/gm, '')
		.replace(/\s\/\/ .*$/gm, '');

const sharedFiles = SHARED.flatMap((dir) =>
	readdirSync(join(NODE_DIR, dir))
		.filter((name) => name.endsWith('.ts'))
		.map((name) => `${dir}/${name}`),
).filter((file) => !OWN_TRANSPORT.has(file));

const operations = [...new Set(CATALOGUE.map((entry) => entry.method))];

describe('the shared pipeline', () => {
	it('has files to check', () => {
		expect(sharedFiles).toEqual(
			expect.arrayContaining([
				'execute/prepareCall.ts',
				'execute/shapeOutput.ts',
				'description/properties.ts',
				'transport/greenApiRequest.ts',
			]),
		);
	});

	it.each(sharedFiles)('%s names no operation', (file) => {
		const code = withoutComments(readFileSync(join(NODE_DIR, file), 'utf8'));
		const named = operations.filter((operation) => new RegExp(`['"\`/]${operation}['"\`/]`).test(code));
		expect(named).toEqual([]);
	});
});
