import { error } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { companies, networks, structures } from '../../modules/structures/structures.schema';
import type { Actor, Role } from '../access/access';
import { STAFF_ROLES } from '../access/access';
import type { SessionInfo } from '../session/session';

/** How each role is named in the interface. */
export const ROLE_LABELS: Record<Role, string> = {
	youth: 'Jeune',
	counselor: 'Conseiller·ère',
	structure_manager: 'Direction de la structure',
	network_referent: 'Référent·e réseau',
	mentor: 'Mentor',
	company_contact: 'Contact entreprise',
	platform_admin: 'Administration de la plateforme'
};

export const ADMIN_ROLES: readonly Role[] = ['structure_manager', 'network_referent', 'platform_admin'];
export const AUTHOR_ROLES: readonly Role[] = ['counselor', 'structure_manager', 'network_referent', 'platform_admin'];

export interface ShellData {
	firstName: string;
	lastName: string;
	roleLabel: string;
	placeName: string | null;
	canAdminister: boolean;
	/** May write learning modules ("Parcours"): counselors, structure managers, network referents, admins. */
	canAuthor?: boolean;
	/** Triages contact requests ("Demandes de contact"): the staff of a structure. */
	canTriage?: boolean;
}

/** The name of the place the actor works for: their Mission Locale, network or company. */
async function placeNameOf(db: Database, actor: Actor): Promise<string | null> {
	if (actor.structureId) {
		const [row] = await db.select({ name: structures.name }).from(structures).where(eq(structures.id, actor.structureId));
		return row?.name ?? null;
	}
	if (actor.networkId) {
		const [row] = await db.select({ name: networks.name }).from(networks).where(eq(networks.id, actor.networkId));
		return row?.name ?? null;
	}
	if (actor.companyId) {
		const [row] = await db.select({ name: companies.name }).from(companies).where(eq(companies.id, actor.companyId));
		return row?.name ?? null;
	}
	return null;
}

/**
 * What the professional shell (/pro, /admin) shows: the person, their role in French and their
 * structure. Only the actor's own data. The hook's guards already keep other roles out.
 */
export async function loadShell(
	db: Database,
	actor: Actor | null,
	session: Pick<SessionInfo, 'firstName' | 'lastName'> | null
): Promise<ShellData> {
	if (!actor || !session) error(401, 'Connectez-vous pour continuer.');
	return {
		firstName: session.firstName,
		lastName: session.lastName,
		roleLabel: ROLE_LABELS[actor.role],
		placeName: await placeNameOf(db, actor),
		canAdminister: ADMIN_ROLES.includes(actor.role),
		canAuthor: AUTHOR_ROLES.includes(actor.role),
		canTriage: STAFF_ROLES.includes(actor.role) && actor.structureId !== null
	};
}
