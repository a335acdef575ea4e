import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';

import { LoggerProxy, type LogMetadata } from 'n8n-workflow';

import { Container, LoggerToken, type ScopedLogger } from './container';

type Level = 'error' | 'warn' | 'info' | 'debug';

/** Each run collects into its own array, so overlapping runs never see each other's lines. */
const runLogs = new AsyncLocalStorage<string[]>();

function format(level: Level, message: string, metadata?: LogMetadata): string {
	if (!metadata || Object.keys(metadata).length === 0) return `${level}: ${message}`;
	return `${level}: ${message} ${inspect(metadata, { depth: 6, breakLength: Infinity })}`;
}

const capturingLogger: ScopedLogger = {
	error: (message, metadata) => runLogs.getStore()?.push(format('error', message, metadata)),
	warn: (message, metadata) => runLogs.getStore()?.push(format('warn', message, metadata)),
	info: (message, metadata) => runLogs.getStore()?.push(format('info', message, metadata)),
	debug: (message, metadata) => runLogs.getStore()?.push(format('debug', message, metadata)),
	scoped: () => capturingLogger,
};

let installed = false;

/**
 * Routes n8n's logging (LoggerProxy and the container's Logger, which nodes get as `this.logger`)
 * into the current run. Registering the container's Logger first also stops n8n-core from
 * building its console logger, whose constructor would take LoggerProxy over again.
 */
export function installLogCapture(): void {
	if (installed) return;
	Container.set(LoggerToken, capturingLogger);
	LoggerProxy.init(capturingLogger);
	installed = true;
}

export async function captureLogs<T>(run: () => Promise<T>): Promise<{ result: T; logs: string[] }> {
	installLogCapture();
	const logs: string[] = [];
	const result = await runLogs.run(logs, run);
	return { result, logs };
}
