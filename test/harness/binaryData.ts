import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BinaryDataConfig, BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { Container } from './container';
import { installLogCapture } from './logging';

/** The binary data modes of a single n8n instance: in memory (base64 in the item) or on disk. */
export type BinaryMode = 'default' | 'filesystem';

let storagePath: string | undefined;
let activeMode: BinaryMode | undefined;

/**
 * Switches n8n-core's BinaryDataService to `mode`. `init()` reads the mode from the config and
 * always sets up the file store too, so ids written in filesystem mode stay readable afterwards.
 */
export async function useBinaryDataMode(mode: BinaryMode): Promise<void> {
	if (mode === activeMode) return;
	installLogCapture();
	storagePath ??= mkdtempSync(join(tmpdir(), 'n8n-green-api-binary-'));
	const config = Container.get(BinaryDataConfig);
	config.mode = mode;
	config.localStoragePath = storagePath;
	await Container.get(BinaryDataService).init();
	activeMode = mode;
}

export async function readBinary(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

export async function readItemBinary(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`The item has no binary property "${property}"`);
	return await readBinary(binary);
}

/** Deletes the files written in filesystem mode; the next run starts a fresh store. */
export function removeBinaryDataStorage(): void {
	if (storagePath) rmSync(storagePath, { recursive: true, force: true });
	storagePath = undefined;
	activeMode = undefined;
}
