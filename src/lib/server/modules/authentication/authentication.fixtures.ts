import { randomBytes } from 'node:crypto';
import type { Database } from '$lib/server/db/client';
import { createProfessionalAccount, createYouthAccount, type NewProfessional } from '$lib/server/modules/accounts';
import { networks, structures } from '$lib/server/modules/structures/structures.schema';
import { totpCredentials } from '$lib/server/modules/mfa/mfa.schema';
import { users } from '$lib/server/modules/accounts/accounts.schema';
import { eq } from 'drizzle-orm';
import { hashPassword } from './authentication.passwords';
import { createAuthenticationRepository } from './authentication.repository';

/**
 * Builders for this module's tests. Each call creates new rows with unique names; passwords are
 * hashed with cheap scrypt parameters (verification reads them from the hash) to keep tests fast.
 */

const unique = () => randomBytes(4).toString('hex');
export const TEST_HASH_PARAMS = { N: 2 ** 10, r: 8, p: 1 };

export async function aStructure(db: Database): Promise<{ structureId: string; networkId: string }> {
	const tag = unique();
	const [network] = await db
		.insert(networks)
		.values({ slug: `reseau-${tag}`, name: `Réseau ${tag}`, kind: 'departmental' })
		.returning({ id: networks.id });
	const [structure] = await db
		.insert(structures)
		.values({ networkId: network!.id, slug: `ml-${tag}`, name: `Mission Locale ${tag}` })
		.returning({ id: structures.id });
	return { structureId: structure!.id, networkId: network!.id };
}

export async function givePassword(db: Database, userId: string, password: string): Promise<void> {
	await createAuthenticationRepository(db).setPasswordHash(userId, await hashPassword(password, TEST_HASH_PARAMS), new Date());
}

export async function aCounselor(
	db: Database,
	overrides: Partial<NewProfessional> & { password?: string | null } = {}
): Promise<{ id: string; email: string; structureId: string }> {
	const structureId = overrides.structureId ?? (await aStructure(db)).structureId;
	const email = overrides.email ?? `conseillere-${unique()}@exemple.test`;
	const { id } = await createProfessionalAccount(db, {
		role: 'counselor',
		firstName: 'Sophie',
		lastName: 'Martin',
		...overrides,
		email,
		structureId
	});
	if (overrides.password !== null) await givePassword(db, id, overrides.password ?? 'une phrase de passe solide');
	return { id, email, structureId };
}

export async function aYouth(
	db: Database,
	overrides: { email?: string | null; phone?: string | null; password?: string | null; firstName?: string } = {}
): Promise<{ id: string; email: string | null; phone: string | null; structureId: string }> {
	const counselor = await aCounselor(db);
	const email = overrides.email === undefined ? `jeune-${unique()}@exemple.test` : overrides.email;
	const phone = overrides.phone ?? null;
	const { id } = await createYouthAccount(db, {
		structureId: counselor.structureId,
		referentId: counselor.id,
		firstName: overrides.firstName ?? 'Karim',
		lastName: 'Benali',
		email,
		phone
	});
	if (overrides.password) await givePassword(db, id, overrides.password);
	return { id, email, phone, structureId: counselor.structureId };
}

export async function disableAccount(db: Database, userId: string): Promise<void> {
	await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
}

export async function withConfirmedTotp(db: Database, userId: string): Promise<void> {
	await db.insert(totpCredentials).values({ userId, secret: 'JBSWY3DPEHPK3PXP', confirmedAt: new Date() });
}
