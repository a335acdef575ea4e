import { createRequire } from 'node:module';

import type { Logger } from 'n8n-workflow';

/**
 * n8n-core keeps its own copies of `@n8n/di`, `@n8n/config` and `@n8n/backend-common` (the
 * hoisted copies in node_modules/@n8n are other versions, pulled in by other tools). A service
 * registered in a different copy's container is invisible to the engine, so everything here is
 * loaded exactly as n8n-core resolves it.
 */
const requireFromCore = createRequire(require.resolve('n8n-core'));

type Token<T> = abstract new (...args: never[]) => T;

interface DiContainer {
	get<T>(token: Token<T>): T;
	set<T>(token: Token<T>, instance: T): void;
}

export interface ScopedLogger extends Logger {
	scoped(scopes: string | string[]): ScopedLogger;
}

export const { Container } = requireFromCore('@n8n/di') as { Container: DiContainer };

/** The class n8n-core asks the container for whenever it logs (nodes' `this.logger` included). */
export const { Logger: LoggerToken } = requireFromCore('@n8n/backend-common') as {
	Logger: Token<ScopedLogger>;
};

export const { SsrfProtectionConfig } = requireFromCore('@n8n/config') as {
	SsrfProtectionConfig: Token<{ enabled: boolean }>;
};
