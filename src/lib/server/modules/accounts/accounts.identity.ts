import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { referentAssignments, users, youthProfiles, type Role } from './accounts.schema';

/**
 * System-level account operations, used by the sign-in, activation and invitation modules after
 * THEY have checked who may do it (a valid invitation, a valid activation code, a proven identity).
 * Routes never call these directly.
 */

export interface AccountIdentity {
	id: string;
	role: Role;
	email: string | null;
	phone: string | null;
	firstName: string;
	lastName: string;
	structureId: string | null;
	networkId: string | null;
	companyId: string | null;
	disabledAt: Date | null;
}

const identityColumns = {
	id: users.id,
	role: users.role,
	email: users.email,
	phone: users.phone,
	firstName: users.firstName,
	lastName: users.lastName,
	structureId: users.structureId,
	networkId: users.networkId,
	companyId: users.companyId,
	disabledAt: users.disabledAt
};

/** Lower-cased, trimmed e-mail address (the form stored in the database). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * A French mobile number in E.164 (+33…), or null when it is not one. Accepts "06 12 34 56 78",
 * "+33 6 12…", "0033 6…"; overseas numbers (+262…) are kept when already in international form.
 */
export function normalizePhone(input: string): string | null {
	const compact = input.replace(/[\s.\-()]/g, '');
	if (/^0[67]\d{8}$/.test(compact)) return '+33' + compact.slice(1);
	if (/^0033[67]\d{8}$/.test(compact)) return '+' + compact.slice(2);
	if (/^\+33[67]\d{8}$/.test(compact)) return compact;
	if (/^\+(262|269|590|594|596|687|689)\d{9}$/.test(compact)) return compact;
	return null;
}

export async function findAccountByEmail(db: Database, email: string): Promise<AccountIdentity | null> {
	const rows = await db.select(identityColumns).from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
	return rows[0] ?? null;
}

export async function findAccountByPhone(db: Database, phone: string): Promise<AccountIdentity | null> {
	const normalized = normalizePhone(phone);
	if (!normalized) return null;
	const rows = await db.select(identityColumns).from(users).where(eq(users.phone, normalized)).limit(1);
	return rows[0] ?? null;
}

export async function findAccountById(db: Database, id: string): Promise<AccountIdentity | null> {
	if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
	const rows = await db.select(identityColumns).from(users).where(eq(users.id, id)).limit(1);
	return rows[0] ?? null;
}

/** Whether at least one active account has this role (e.g. is there a platform admin yet?). */
export async function anyAccountWithRole(db: Database, role: Role): Promise<boolean> {
	const rows = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.role, role), isNull(users.disabledAt)))
		.limit(1);
	return rows.length > 0;
}

export interface NewProfessional {
	role: Exclude<Role, 'youth'>;
	email: string;
	firstName: string;
	lastName: string;
	structureId?: string | null;
	siteId?: string | null;
	networkId?: string | null;
	companyId?: string | null;
}

/** Creates a professional account (the caller has validated the invitation). Throws on a duplicate e-mail (unique index). */
export async function createProfessionalAccount(db: Database, input: NewProfessional): Promise<{ id: string }> {
	const [row] = await db
		.insert(users)
		.values({
			role: input.role,
			email: normalizeEmail(input.email),
			firstName: input.firstName,
			lastName: input.lastName,
			structureId: input.structureId ?? null,
			siteId: input.siteId ?? null,
			networkId: input.networkId ?? null,
			companyId: input.companyId ?? null
		})
		.returning({ id: users.id });
	return row!;
}

export interface NewYouth {
	id?: string;
	structureId: string;
	referentId: string;
	firstName: string;
	lastName?: string;
	email?: string | null;
	phone?: string | null;
	birthDate?: string | null;
	communeCode?: string | null;
	assignedById?: string | null;
	/** When the accompaniment started (default: now). Also the start of the first referent assignment. */
	followedSince?: Date;
}

/** Creates a youth account, its profile and its first referent assignment, in one transaction. */
export async function createYouthAccount(db: Database, input: NewYouth): Promise<{ id: string }> {
	return db.transaction(async (tx) => {
		const [user] = await tx
			.insert(users)
			.values({
				...(input.id ? { id: input.id } : {}),
				role: 'youth',
				email: input.email ? normalizeEmail(input.email) : null,
				phone: input.phone ? normalizePhone(input.phone) : null,
				firstName: input.firstName,
				lastName: input.lastName ?? '',
				structureId: input.structureId
			})
			.returning({ id: users.id });
		const id = user!.id;
		await tx.insert(youthProfiles).values({
			userId: id,
			structureId: input.structureId,
			referentId: input.referentId,
			birthDate: input.birthDate ?? null,
			communeCode: input.communeCode ?? null,
			...(input.followedSince ? { followedSince: input.followedSince } : {})
		});
		await tx.insert(referentAssignments).values({
			youthId: id,
			counselorId: input.referentId,
			assignedById: input.assignedById ?? null,
			reason: 'Premier accueil',
			...(input.followedSince ? { startedAt: input.followedSince } : {})
		});
		return { id };
	});
}

/** Sets or removes the e-mail address (already verified by the caller). */
export async function setAccountEmail(db: Database, userId: string, email: string | null): Promise<void> {
	await db
		.update(users)
		.set({ email: email ? normalizeEmail(email) : null, emailVerifiedAt: email ? new Date() : null })
		.where(eq(users.id, userId));
}
