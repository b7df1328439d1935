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
	/** Manages their structure's settings ("Réglages"): structure managers. */
	canManageStructure?: boolean;
	/** Counts next to navigation entries, by href (only those above zero), e.g. waiting conversations. */
	badges?: Record<string, NavBadgeValue>;
}

/** What a navigation badge shows: the number, and the words a screen reader says after the entry. */
export interface NavBadgeValue {
	count: number;
	/** e.g. "3 en attente": read as "Messages, 3 en attente". */
	label: string;
}

/**
 * A count next to a navigation entry, registered at load time by the module that owns the data
 * (platform code does not import modules). `count` must return 0 for actors who may not see it,
 * and stay cheap: it runs on every professional page.
 */
export interface NavBadge {
	count: (db: Database, actor: Actor) => Promise<number>;
	describe: (count: number) => string;
}

const navBadges = new Map<string, NavBadge>();

export function registerNavBadge(href: string, badge: NavBadge): void {
	navBadges.set(href, badge);
}

async function badgesOf(db: Database, actor: Actor): Promise<Record<string, NavBadgeValue>> {
	const badges: Record<string, NavBadgeValue> = {};
	for (const [href, badge] of navBadges) {
		const count = await badge.count(db, actor);
		if (count > 0) badges[href] = { count, label: badge.describe(count) };
	}
	return badges;
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
		canTriage: STAFF_ROLES.includes(actor.role) && actor.structureId !== null,
		canManageStructure: actor.role === 'structure_manager' && actor.structureId !== null,
		badges: await badgesOf(db, actor)
	};
}
