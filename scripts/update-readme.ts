import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { withTable } from './operationsTable';

const path = join(__dirname, '..', 'README.md');
writeFileSync(path, withTable(readFileSync(path, 'utf8')));
console.log('README.md operations table updated');
