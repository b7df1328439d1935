import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { totpCredentials } from './mfa.schema';
import './mfa.errors';

/** Whether the user has a confirmed TOTP second factor. */
export async function hasConfirmedTotp(db: Database, userId: string): Promise<boolean> {
	const rows = await db
		.select({ userId: totpCredentials.userId })
		.from(totpCredentials)
		.where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt)))
		.limit(1);
	return rows.length > 0;
}

export {
	cancelTotpReplacement,
	confirmTotpEnrolment,
	disableTotp,
	getTotpStatus,
	isMfaRequired,
	mfaRateKey,
	passSecondFactor,
	regenerateRecoveryCodes,
	startTotpEnrolment,
	startTotpReplacement,
	type MfaDeps,
	type TotpEnrolment,
	type TotpStatus
} from './mfa.usecases';
export { listDevices, signOutAllDevices, signOutDevice, type Device } from './mfa.devices';
export { describeUserAgent } from './mfa.user-agent';
export { formatWait } from './mfa.errors';
export { RECOVERY_CODE_COUNT } from './mfa.recovery';
