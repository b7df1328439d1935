import type { Role } from '../../modules/accounts/accounts.schema';
import { DomainError } from '../errors/errors';

export type { Role };

/** The person acting, as established by their session. Every use case receives one. */
export interface Actor {
	userId: string;
	role: Role;
	/** Youth, counselor, structure manager. */
	structureId: string | null;
	/** Network referent; for structure-bound roles, the network of their structure. */
	networkId: string | null;
	/** Mentor, company contact. */
	companyId: string | null;
}

export const STAFF_ROLES: readonly Role[] = ['counselor', 'structure_manager'];
export const MFA_ROLES: readonly Role[] = ['structure_manager', 'network_referent', 'platform_admin'];
export const PROFESSIONAL_ROLES: readonly Role[] = [
	'counselor',
	'structure_manager',
	'network_referent',
	'mentor',
	'company_contact',
	'platform_admin'
];

export const isStaff = (actor: Actor) => STAFF_ROLES.includes(actor.role);
export const isProfessional = (actor: Actor) => PROFESSIONAL_ROLES.includes(actor.role);

/** Where a resource lives: enough to decide who may touch it. */
export interface Place {
	structureId: string | null;
	networkId: string | null;
}

export type Resource =
	| 'youth_file' // a youth's profile and follow-up (personal data)
	| 'youth_referent' // who follows a youth
	| 'structure' // a structure's details (writes)
	| 'site' // a site (writes)
	| 'staff' // list and invite professionals
	| 'activation_code' // create / list activation codes
	| 'coverage' // communes covered (import)
	| 'network' // a network's structures and statistics
	| 'outbox' // messages stored instead of sent
	| 'learning_module' // authoring a learning module (drafts, publishing, import/export)
	| 'contact_request' // "aller vers": requests to be contacted, triaged by the structure they were routed to
	| 'workshop'; // live group workshops: planning, driving the session, results (names and answers of participants)

export type Action = 'read' | 'write';

const inStructure = (actor: Actor, place: Place) =>
	actor.structureId !== null && actor.structureId === place.structureId;
const inNetwork = (actor: Actor, place: Place) => actor.networkId !== null && actor.networkId === place.networkId;

/**
 * The one place that says who may read or write what. Resources are identified by where they live;
 * for a youth file, `ownerId` is the youth. The matrix test in access.matrix.test.ts exercises every
 * role × resource × place combination.
 */
export function can(
	actor: Actor,
	action: Action,
	resource: Resource,
	place: Place & { ownerId?: string | null }
): boolean {
	const admin = actor.role === 'platform_admin';
	const staffHere = isStaff(actor) && inStructure(actor, place);
	const managerHere = actor.role === 'structure_manager' && inStructure(actor, place);
	const referentHere = actor.role === 'network_referent' && inNetwork(actor, place);

	switch (resource) {
		case 'youth_file':
			// Personal data: the youth themself and the staff of their Mission Locale. Nobody else.
			if (actor.role === 'youth') return place.ownerId === actor.userId && inStructure(actor, place);
			return staffHere;
		case 'youth_referent':
			return action === 'read' ? staffHere || (actor.role === 'youth' && place.ownerId === actor.userId) : staffHere;
		case 'structure':
		case 'site':
		case 'coverage':
			// Public information is read without this check; writes belong to the structure's management.
			if (action === 'read') return staffHere || referentHere || admin;
			return managerHere || referentHere || admin;
		case 'staff':
			if (action === 'read') return staffHere || referentHere || admin;
			return managerHere || referentHere || admin;
		case 'activation_code':
			return staffHere;
		case 'network':
			return referentHere || admin;
		case 'outbox':
			return admin;
		case 'learning_module':
			// Staff of the owner structure, referents of the owner network, admins (Tremplin's own modules).
			// Reading here means the authoring view (drafts); youth see published modules through their scope.
			return staffHere || referentHere || admin;
		case 'contact_request':
			// Personal data of someone without an account: only the staff of the Mission Locale it was sent to.
			return staffHere;
		case 'workshop':
			// Participants' names and answers: the staff of the Mission Locale that runs it. Youth join
			// through the session (code, invitation), never through this resource.
			return staffHere;
	}
}

/** Throws `access.forbidden` unless `can(...)`. Call it first in every use case. */
export function authorize(
	actor: Actor | null,
	action: Action,
	resource: Resource,
	place: Place & { ownerId?: string | null }
): asserts actor is Actor {
	if (!actor) throw new DomainError('access.unauthenticated', 'unauthenticated');
	if (!can(actor, action, resource, place)) throw new DomainError('access.forbidden', 'forbidden');
}

export function requireActor(actor: Actor | null): Actor {
	if (!actor) throw new DomainError('access.unauthenticated', 'unauthenticated');
	return actor;
}

export function requireRole(actor: Actor | null, roles: readonly Role[]): Actor {
	const a = requireActor(actor);
	if (!roles.includes(a.role)) throw new DomainError('access.forbidden', 'forbidden');
	return a;
}
