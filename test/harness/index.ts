/**
 * Runs this package's nodes through n8n-core's real execution engine. A suite that uses
 * `binaryMode: 'filesystem'` calls `removeBinaryDataStorage()` in `afterAll`.
 */
export { readBinary, readItemBinary, removeBinaryDataStorage, useBinaryDataMode, type BinaryMode } from './binaryData';
export { TestCredentialsHelper, type TestCredentials } from './credentialsHelper';
export { DEFAULT_NODE_TYPE, type NodeUnderTest } from './engine';
export { captureLogs } from './logging';
export { TestNodeTypes, type InputFile, type InputItem } from './nodeTypes';
export { runNode, type RunNodeOptions, type RunNodeResult } from './runNode';
export { runPoll, type EmitOutcome, type PollExecution, type RunPollOptions, type RunPollResult } from './runPoll';
export { runHook, type RunHookOptions, type RunHookResult } from './hooks';
export { deliverWebhook, type DeliverWebhookOptions, type DeliverWebhookResult } from './webhook';
export { DEFAULT_WEBHOOK_ID, type WebhookMode } from './webhookSetup';
export { runTriggeredExecution, type TriggeredRun } from './triggeredRun';
export { startApiProxy, type ApiProxy } from './apiProxy';
