/**
 * A local GREEN-API server for tests, demos and benchmarks.
 *
 *   const sandbox = await startSandbox();
 *   const [{ idInstance, apiTokenInstance }] = sandbox.instances;
 *   await axios.post(`${sandbox.apiUrl}/waInstance${idInstance}/sendMessage/${apiTokenInstance}`, {...});
 *   sandbox.injectIncoming(idInstance, { typeMessage: 'imageMessage', caption: 'hi' });
 *   await sandbox.close();
 */
import { SandboxCore } from './core';
import { EMBEDDED_DEFAULTS, resolveOptions, type SandboxOptions } from './options';
import { Sandbox } from './sandbox';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = new Sandbox(new SandboxCore(resolveOptions(options, EMBEDDED_DEFAULTS)));
	await sandbox.listen();
	return sandbox;
}

export { Sandbox, type SandboxInfo } from './sandbox';
export type { ContactInput, EventResult, GroupInput, InjectResult } from './control';
export type { CallOutcome, EventInput, IncomingCallInput, IncomingStatusInput, OutgoingCallInput } from './injectEvents';
export type { ChatView, InstanceView, MessageView, SandboxInstanceInfo, SentView } from './views';
export type { FaultInfo, FaultRule } from './faults';
export type { DeliveryFaultInfo, DeliveryFaultSettings, DeliveryPlan } from './deliveryFaults';
export type { InjectedFile, MessageInput } from './inject';
export type { DeliveryAttempt, NotificationBody, NotificationRecord } from './notifications';
export { CLI_DEFAULTS, DEFAULT_INSTANCE, DEFAULT_PARTNER_TOKEN, EMBEDDED_DEFAULTS } from './options';
export type { SandboxInstanceConfig, SandboxOptions } from './options';
export type { LoggedFile, RequestFilter, RequestRecord } from './requestLog';
export type { Settings, YesNo } from './settings';
export type { StateInstance } from './state';
