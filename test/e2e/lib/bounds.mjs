/**
 * Bounds for waits on n8n in the e2e tests. They are upper limits on a loaded machine (two
 * cores shared with other test runs, where one `n8n execute` can take half a minute), not
 * estimates: every wait polls for the state it needs and returns as soon as it is there.
 */
export const STATE_MS = 180_000;
/** One HTTP request to n8n or the sandbox. */
export const REQUEST_MS = 60_000;
