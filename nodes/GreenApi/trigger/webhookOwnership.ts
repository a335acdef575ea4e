import { randomBytes } from 'crypto';

import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { NOTIFICATION_SWITCHES } from '../catalogue/settingKeys';
import { greenApiRequest } from '../transport/greenApiRequest';
import { readTriggerOptions } from './triggerOptions';
import { switchesFor, switchSettings } from './triggerSettings';
import { hashStoredToken, tokenHash } from './webhookAuth';

/**
 * An instance has one webhook URL. These are the trigger's activation steps: take the webhook
 * only when it is free (or the user asked to take it over), remember what was there, and put it
 * back on deactivation, but only while the webhook is still this workflow's.
 *
 * Static data (persisted by n8n, shared by all processes in queue mode):
 *   webhookTokenHash  SHA-256 of the secret GREEN-API sends back as `Authorization: Bearer …`
 *   previous          the settings replaced at activation, restored on deactivation; when the
 *                     webhook was taken over, that includes the other owner's webhookUrlToken
 *   seen              the last notifications that started the workflow (deliveryMemory)
 */

type Settings = IDataObject & { webhookUrl?: string; webhookUrlToken?: string };

const RESTORED_KEYS = ['webhookUrl', 'webhookUrlToken', ...NOTIFICATION_SWITCHES];

async function getSettings(ctx: IHookFunctions): Promise<Settings> {
	const response = await greenApiRequest(ctx, { method: 'getSettings', verb: 'GET', host: 'api', retry: 'safe' });
	return (response.body ?? {}) as Settings;
}

async function setSettings(ctx: IHookFunctions, settings: IDataObject): Promise<void> {
	await greenApiRequest(ctx, { method: 'setSettings', verb: 'POST', host: 'api', body: settings, retry: 'unsafe' });
}

function wantedSwitches(ctx: IHookFunctions) {
	const events = ctx.getNodeParameter('events', []) as string[];
	const messageTypes = ctx.getNodeParameter('messageTypes', []) as string[];
	return switchSettings(switchesFor(events, messageTypes));
}

/** This registration's URL: the test URL while listening for a test event, else the production one. */
const ownUrl = (ctx: IHookFunctions) => ctx.getNodeWebhookUrl('default') as string;

/** Registered to this workflow with the token it knows, and every switch as the chosen events need it. */
export async function webhookExists(ctx: IHookFunctions): Promise<boolean> {
	const stored = ctx.getWorkflowStaticData('node');
	hashStoredToken(stored);
	if (typeof stored.webhookTokenHash !== 'string') return false;
	const settings = await getSettings(ctx);
	if (settings.webhookUrl !== ownUrl(ctx) || !settings.webhookUrlToken) return false;
	if (tokenHash(settings.webhookUrlToken) !== stored.webhookTokenHash) return false;
	return Object.entries(wantedSwitches(ctx)).every(([name, value]) => settings[name] === value);
}

function ownerMessage(ctx: IHookFunctions, current: string, idInstance: string): NodeOperationError {
	if (ctx.getMode() === 'manual') {
		return new NodeOperationError(ctx.getNode(), `GREEN-API instance ${idInstance} already sends its notifications to ${current}`, {
			description:
				'Listening for a test event would take the webhook away from it, and the workflow behind that URL (perhaps this one, active) would miss notifications. ' +
				'To test, use a second instance or the sandbox, or deactivate the workflow that owns the webhook first. The Take Over option applies only to activation.',
		});
	}
	return new NodeOperationError(ctx.getNode(), `GREEN-API instance ${idInstance} already sends its notifications to ${current}`, {
		description:
			'An instance has only one webhook URL, and another workflow or service is using it. Deactivate that workflow (or clear the URL in the GREEN-API console), ' +
			'or turn on "Take Over Existing Webhook": the current settings are then saved and restored when this workflow is deactivated.',
	});
}

export async function registerWebhook(ctx: IHookFunctions): Promise<boolean> {
	readTriggerOptions(ctx); // refuse a bad chat list at activation, not at delivery
	const stored = ctx.getWorkflowStaticData('node');
	hashStoredToken(stored);
	const ours = ownUrl(ctx);
	const settings = await getSettings(ctx);
	const current = settings.webhookUrl ?? '';
	// Already ours: re-registering after the chosen events changed, or after lost static data.
	const reRegistering = current === ours;

	if (current !== '' && !reRegistering) {
		const takeOver = ctx.getMode() !== 'manual' && (ctx.getNodeParameter('takeOver', false) as boolean);
		const credentials = await ctx.getCredentials('greenApiInstanceApi');
		if (!takeOver) throw ownerMessage(ctx, current, String(credentials.idInstance));
		ctx.logger.warn(`GREEN-API trigger takes over the webhook of instance ${String(credentials.idInstance)} from ${current}`);
	}
	// Everything a restore needs is recorded before anything changes: if setSettings is applied
	// but its answer is lost, n8n calls the delete hook, which then finds it here.
	if (!reRegistering) {
		stored.previous = Object.fromEntries(RESTORED_KEYS.filter((key) => key in settings).map((key) => [key, settings[key]]));
	}
	const change: IDataObject = { webhookUrl: ours, ...wantedSwitches(ctx) };
	if (reRegistering && settings.webhookUrlToken) {
		// Keep the token deliveries already carry; only its hash is stored.
		stored.webhookTokenHash = tokenHash(settings.webhookUrlToken);
	} else {
		const token = randomBytes(24).toString('hex');
		stored.webhookTokenHash = tokenHash(token);
		change.webhookUrlToken = token;
	}
	await setSettings(ctx, change);
	return true;
}

export async function releaseWebhook(ctx: IHookFunctions): Promise<boolean> {
	const stored = ctx.getWorkflowStaticData('node');
	const ours = ownUrl(ctx);
	const settings = await getSettings(ctx);
	if (settings.webhookUrl === ours) {
		await setSettings(ctx, (stored.previous as IDataObject | undefined) ?? { webhookUrl: '', webhookUrlToken: '' });
	} else if (stored.webhookTokenHash || stored.webhookToken || stored.previous) {
		// Only worth saying when this workflow had the webhook (not after a refused activation).
		ctx.logger.warn(
			`GREEN-API trigger leaves the webhook settings alone: they now point to ${settings.webhookUrl || 'nothing'}, not to this workflow`,
		);
	}
	for (const key of ['webhookTokenHash', 'webhookToken', 'webhookUrl', 'previous', 'seen']) delete stored[key];
	return true;
}
