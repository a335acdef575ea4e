/**
 * Faults of webhook delivery, the way GREEN-API's at-least-once delivery shows them to a
 * receiver: a notification sent again after it got its 200 (the answer was lost on the way), a
 * second copy sent while the first is still open, and a first POST given up before the receiver
 * answered (GREEN-API waits up to 180 s, then sends again). Each notification's faults are drawn
 * once, from one seeded sequence, when its delivery starts: the same seed and the same
 * notifications give the same faults.
 */
import { validationFailed } from './errors';
import { between, seededRandom } from './random';
import { isPlainObject } from './validate';

export interface DeliveryFaultSettings {
	/** Seed of the random choices. */
	seed: number;
	/** Share (0..1) of notifications sent a second time while the first POST is still open. */
	overlap: number;
	/** Largest pause before that second copy, ms (0: both at the same moment). */
	overlapGapMs: number;
	/** Share (0..1) of notifications sent once more after they got their 200. */
	resend: number;
	/** Largest pause between the 200 and the resend, ms. */
	resendGapMs: number;
	/** Share (0..1) of notifications whose first POST is given up before the answer came. */
	slow: number;
	/** That POST is given up after a random 1..slowTimeoutMs ms; it is sent again later. */
	slowTimeoutMs: number;
}

/** What happens to one notification; absent fields: that fault does not apply. */
export interface DeliveryPlan {
	/** A second copy starts this long after the first. */
	overlapAfterMs?: number;
	/** One more copy this long after the 200. */
	resendAfterMs?: number;
	/** The first POST is given up after this long. */
	giveUpAfterMs?: number;
}

export interface DeliveryFaultInfo extends DeliveryFaultSettings {
	/** Notifications whose delivery started since the faults were set, and how many got each fault. */
	planned: { notifications: number; overlap: number; resend: number; slow: number };
}

const DEFAULTS: Omit<DeliveryFaultSettings, 'seed'> = {
	overlap: 0,
	overlapGapMs: 0,
	resend: 0,
	resendGapMs: 200,
	slow: 0,
	slowTimeoutMs: 100,
};

export function readDeliveryFaults(input: unknown): DeliveryFaultSettings {
	if (!isPlainObject(input)) throw validationFailed('delivery faults must be an object');
	const known = ['seed', ...Object.keys(DEFAULTS)];
	const unknown = Object.keys(input).filter((key) => !known.includes(key));
	if (unknown.length) throw validationFailed(`unknown delivery fault field(s): ${unknown.join(', ')}`);
	const share = (name: 'overlap' | 'resend' | 'slow') => {
		const value = input[name] ?? DEFAULTS[name];
		if (typeof value !== 'number' || value < 0 || value > 1) throw validationFailed(`'${name}' must be a number from 0 to 1`);
		return value;
	};
	const whole = (name: 'seed' | 'overlapGapMs' | 'resendGapMs' | 'slowTimeoutMs', fallback: number) => {
		const value = input[name] ?? fallback;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
			throw validationFailed(`'${name}' must be a non-negative integer`);
		return value;
	};
	const settings: DeliveryFaultSettings = {
		seed: whole('seed', 1),
		overlap: share('overlap'),
		overlapGapMs: whole('overlapGapMs', DEFAULTS.overlapGapMs),
		resend: share('resend'),
		resendGapMs: whole('resendGapMs', DEFAULTS.resendGapMs),
		slow: share('slow'),
		slowTimeoutMs: whole('slowTimeoutMs', DEFAULTS.slowTimeoutMs),
	};
	if (settings.slow > 0 && settings.slowTimeoutMs < 1) throw validationFailed("'slowTimeoutMs' must be at least 1 when 'slow' is set");
	return settings;
}

export class DeliveryFaults {
	private readonly random: () => number;
	private readonly planned = { notifications: 0, overlap: 0, resend: 0, slow: 0 };

	constructor(readonly settings: DeliveryFaultSettings) {
		this.random = seededRandom(settings.seed);
	}

	/** Draws the faults of the next notification whose delivery starts. */
	plan(): DeliveryPlan {
		const { overlap, overlapGapMs, resend, resendGapMs, slow, slowTimeoutMs } = this.settings;
		// Always the same number of draws per notification, so one fault's share does not shift the others.
		const [o, og, r, rg, s, sg] = Array.from({ length: 6 }, () => this.random());
		const plan: DeliveryPlan = {};
		this.planned.notifications++;
		if (o < overlap) {
			plan.overlapAfterMs = between(() => og, 0, overlapGapMs);
			this.planned.overlap++;
		}
		if (r < resend) {
			plan.resendAfterMs = between(() => rg, 0, resendGapMs);
			this.planned.resend++;
		}
		if (s < slow) {
			plan.giveUpAfterMs = between(() => sg, 1, slowTimeoutMs);
			this.planned.slow++;
		}
		return plan;
	}

	info(): DeliveryFaultInfo {
		return { ...this.settings, planned: { ...this.planned } };
	}
}
