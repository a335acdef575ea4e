// n8n-core writes an instance config (encryption key) under N8N_USER_FOLDER on first use:
// keep it out of the developer's home.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-green-api-test-'));
}
