import type { Database } from '../../db/client';
import { hashPassword } from './authentication.passwords';
import { createAuthenticationRepository } from './authentication.repository';

/**
 * Writes a password for an account, for modules that have themselves established who may do it
 * (an accepted staff invitation, the demo loader). The caller checks the policy (`checkNewPassword`).
 */
export async function setPassword(db: Database, userId: string, password: string): Promise<void> {
	await createAuthenticationRepository(db).setPasswordHash(userId, await hashPassword(password), new Date());
}

/** Same, with a hash computed once by the caller (the demo seed hashes its one password once). */
export async function setPasswordHash(db: Database, userId: string, hash: string): Promise<void> {
	await createAuthenticationRepository(db).setPasswordHash(userId, hash, new Date());
}
