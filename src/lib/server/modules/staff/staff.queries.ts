import { and, asc, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { authorize, type Actor } from '../../platform/access';
// Staff are accounts with a professional role: this read-only list reads the accounts table.
import { users } from '../accounts/accounts.schema';
import { findStructurePlace } from '../structures';
import { structureNotFoundForStaff } from './staff.errors';
import { staffInvitations } from './staff.schema';
import { ROLE_LABELS, type InvitableRole } from './staff.validation';

export interface StaffMember {
	id: string;
	firstName: string;
	lastName: string;
	email: string | null;
	role: string;
	roleLabel: string;
	siteId: string | null;
	lastSignInAt: Date | null;
	disabled: boolean;
}

export interface PendingInvitation {
	id: string;
	email: string;
	firstName: string;
	lastName: string;
	role: string;
	roleLabel: string;
	siteId: string | null;
	createdAt: Date;
	expiresAt: Date;
}

async function placeOf(db: Database, actor: Actor | null, structureId: string) {
	const structure = await findStructurePlace(db, structureId);
	if (!structure) {
		authorize(actor, 'read', 'staff', { structureId: null, networkId: null });
		throw structureNotFoundForStaff();
	}
	authorize(actor, 'read', 'staff', { structureId: structure.id, networkId: structure.networkId });
	return structure;
}

/** The professionals of a structure (its staff can read it; its managers, network referents and admins too). */
export async function listStaff(db: Database, actor: Actor | null, structureId: string): Promise<StaffMember[]> {
	await placeOf(db, actor, structureId);
	const rows = await db
		.select({
			id: users.id,
			firstName: users.firstName,
			lastName: users.lastName,
			email: users.email,
			role: users.role,
			siteId: users.siteId,
			lastSignInAt: users.lastSignInAt,
			disabledAt: users.disabledAt
		})
		.from(users)
		.where(and(eq(users.structureId, structureId), inArray(users.role, ['counselor', 'structure_manager'])))
		.orderBy(asc(users.lastName), asc(users.firstName));
	return rows.map(({ disabledAt, ...r }) => ({
		...r,
		roleLabel: ROLE_LABELS[r.role as InvitableRole] ?? r.role,
		disabled: disabledAt !== null
	}));
}

/** Invitations still waiting for an answer, newest first (managers, referents, admins). */
export async function listPendingInvitations(
	db: Database,
	actor: Actor | null,
	structureId: string,
	now: Date
): Promise<PendingInvitation[]> {
	const structure = await findStructurePlace(db, structureId);
	authorize(actor, 'write', 'staff', { structureId: structure?.id ?? null, networkId: structure?.networkId ?? null });
	return pendingWhere(db, eq(staffInvitations.structureId, structureId), now);
}

/** Pending invitations of network referents of a network (its referents and admins). */
export async function listPendingNetworkInvitations(
	db: Database,
	actor: Actor | null,
	networkId: string,
	now: Date
): Promise<PendingInvitation[]> {
	authorize(actor, 'write', 'network', { structureId: null, networkId });
	return pendingWhere(db, eq(staffInvitations.networkId, networkId), now);
}

async function pendingWhere(db: Database, condition: ReturnType<typeof eq>, now: Date): Promise<PendingInvitation[]> {
	const rows = await db
		.select({
			id: staffInvitations.id,
			email: staffInvitations.email,
			firstName: staffInvitations.firstName,
			lastName: staffInvitations.lastName,
			role: staffInvitations.role,
			siteId: staffInvitations.siteId,
			createdAt: staffInvitations.createdAt,
			expiresAt: staffInvitations.expiresAt
		})
		.from(staffInvitations)
		.where(
			and(condition, isNull(staffInvitations.acceptedAt), isNull(staffInvitations.revokedAt), gt(staffInvitations.expiresAt, now))
		)
		.orderBy(desc(staffInvitations.createdAt));
	return rows.map((r) => ({ ...r, roleLabel: ROLE_LABELS[r.role as InvitableRole] ?? r.role }));
}
