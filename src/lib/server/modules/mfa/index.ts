import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { totpCredentials } from './mfa.schema';

/** Whether the user has a confirmed TOTP second factor. */
export async function hasConfirmedTotp(db: Database, userId: string): Promise<boolean> {
	const rows = await db
		.select({ userId: totpCredentials.userId })
		.from(totpCredentials)
		.where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt)))
		.limit(1);
	return rows.length > 0;
}
