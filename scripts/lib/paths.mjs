import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the package n8n loads, and where npm start keeps its state. */
export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The separate npm project that holds n8n and the Node.js it runs on. */
export const RUNTIME_DIR = join(REPO_DIR, 'runtime');

export const EXAMPLES_DIR = join(REPO_DIR, 'examples');

/** Folder in an n8n user folder where example workflows read and write files (relative to n8n's working directory). */
export const EXAMPLE_FILES_FOLDER = 'files';

/** Default user folder of npm start (git-ignored). */
export const RUN_DIR = join(REPO_DIR, '.n8n-run');

export const PACKAGE_NAME = 'n8n-nodes-green-api';
