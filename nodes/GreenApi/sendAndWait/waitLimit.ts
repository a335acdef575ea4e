import { NodeOperationError, WAIT_INDEFINITELY, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * When the execution stops waiting for an answer: the Limit Wait Time option, or never. Checked
 * before anything is sent, so a bad limit cannot leave a message out there that nobody waits for.
 */
export function waitTill(ctx: IExecuteFunctions, now = Date.now()): Date {
	const limit = ctx.getNodeParameter('options.limitWaitTime.values', 0, {}) as IDataObject;
	if (Object.keys(limit).length === 0) return WAIT_INDEFINITELY;
	const refuse = (what: string) => new NodeOperationError(ctx.getNode(), `Item 0, "Limit Wait Time": ${what}`, { itemIndex: 0 });

	if ((limit.limitType ?? 'afterTimeInterval') === 'afterTimeInterval') {
		const amount = Number(limit.resumeAmount ?? 1);
		const unit = UNIT_MS[String(limit.resumeUnit ?? 'hours')];
		if (!Number.isFinite(amount) || amount <= 0) throw refuse(`the amount must be more than 0, not "${String(limit.resumeAmount)}"`);
		if (!unit) throw refuse(`unknown unit "${String(limit.resumeUnit)}"`);
		return new Date(now + amount * unit);
	}
	const at = new Date(String(limit.maxDateAndTime ?? ''));
	if (Number.isNaN(at.getTime())) throw refuse(`"${String(limit.maxDateAndTime ?? '')}" is not a date and time`);
	if (at.getTime() <= now) throw refuse(`${at.toISOString()} is already past`);
	return at;
}
