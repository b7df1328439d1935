import { describe, expect, it } from 'vitest';
import { can, type Action, type Actor, type Resource, type Role } from './access';

/**
 * The access matrix: every role × every resource × where the resource lives, for reading and
 * writing. "own" is the actor's own structure (for a youth: their own file), "colleague" another
 * youth of the same structure, "sibling" another structure of the same network, "far" a structure
 * of another network. The DB-backed proofs that repositories and use cases apply this policy live
 * in access.matrix.db.test.ts and in each module's tests.
 */
const NET = 'net-rhone';
const FAR_NET = 'net-pdl';
const LYON = 'ml-lyon';
const VILLEURBANNE = 'ml-villeurbanne';
const SARTHE = 'ml-sarthe';
const ME = 'user-me';

const actors: Record<Role, Actor> = {
	youth: { userId: ME, role: 'youth', structureId: LYON, networkId: NET, companyId: null },
	counselor: { userId: ME, role: 'counselor', structureId: LYON, networkId: NET, companyId: null },
	structure_manager: { userId: ME, role: 'structure_manager', structureId: LYON, networkId: NET, companyId: null },
	network_referent: { userId: ME, role: 'network_referent', structureId: null, networkId: NET, companyId: null },
	mentor: { userId: ME, role: 'mentor', structureId: null, networkId: null, companyId: 'co-1' },
	company_contact: { userId: ME, role: 'company_contact', structureId: null, networkId: null, companyId: 'co-1' },
	platform_admin: { userId: ME, role: 'platform_admin', structureId: null, networkId: null, companyId: null }
};

type Where = 'own' | 'colleague' | 'sibling' | 'far';
const places: Record<Where, { structureId: string; networkId: string; ownerId: string }> = {
	own: { structureId: LYON, networkId: NET, ownerId: ME },
	colleague: { structureId: LYON, networkId: NET, ownerId: 'user-other-youth' },
	sibling: { structureId: VILLEURBANNE, networkId: NET, ownerId: 'user-youth-villeurbanne' },
	far: { structureId: SARTHE, networkId: FAR_NET, ownerId: 'user-youth-sarthe' }
};

// Expected answers, read as: role → resource → "read own,colleague,sibling,far | write own,colleague,sibling,far"
// with 1 = allowed, 0 = refused.
const expected: Record<Role, Record<Resource, string>> = {
	youth: {
		youth_file: '1000|1000',
		youth_referent: '1000|0000',
		structure: '0000|0000',
		site: '0000|0000',
		coverage: '0000|0000',
		staff: '0000|0000',
		activation_code: '0000|0000',
		network: '0000|0000',
		outbox: '0000|0000',
		learning_module: '0000|0000',
		contact_request: '0000|0000',
		workshop: '0000|0000'
	},
	counselor: {
		youth_file: '1100|1100',
		youth_referent: '1100|1100',
		structure: '1100|0000',
		site: '1100|0000',
		coverage: '1100|0000',
		staff: '1100|0000',
		activation_code: '1100|1100',
		network: '0000|0000',
		outbox: '0000|0000',
		learning_module: '1100|1100',
		contact_request: '1100|1100',
		workshop: '1100|1100'
	},
	structure_manager: {
		youth_file: '1100|1100',
		youth_referent: '1100|1100',
		structure: '1100|1100',
		site: '1100|1100',
		coverage: '1100|1100',
		staff: '1100|1100',
		activation_code: '1100|1100',
		network: '0000|0000',
		outbox: '0000|0000',
		learning_module: '1100|1100',
		contact_request: '1100|1100',
		workshop: '1100|1100'
	},
	network_referent: {
		youth_file: '0000|0000',
		youth_referent: '0000|0000',
		structure: '1110|1110',
		site: '1110|1110',
		coverage: '1110|1110',
		staff: '1110|1110',
		activation_code: '0000|0000',
		network: '1110|1110',
		outbox: '0000|0000',
		learning_module: '1110|1110',
		contact_request: '0000|0000',
		workshop: '0000|0000'
	},
	mentor: {
		youth_file: '0000|0000',
		youth_referent: '0000|0000',
		structure: '0000|0000',
		site: '0000|0000',
		coverage: '0000|0000',
		staff: '0000|0000',
		activation_code: '0000|0000',
		network: '0000|0000',
		outbox: '0000|0000',
		learning_module: '0000|0000',
		contact_request: '0000|0000',
		workshop: '0000|0000'
	},
	company_contact: {
		youth_file: '0000|0000',
		youth_referent: '0000|0000',
		structure: '0000|0000',
		site: '0000|0000',
		coverage: '0000|0000',
		staff: '0000|0000',
		activation_code: '0000|0000',
		network: '0000|0000',
		outbox: '0000|0000',
		learning_module: '0000|0000',
		contact_request: '0000|0000',
		workshop: '0000|0000'
	},
	platform_admin: {
		// The platform admin runs structures and accounts, never reads a youth's file.
		youth_file: '0000|0000',
		youth_referent: '0000|0000',
		structure: '1111|1111',
		site: '1111|1111',
		coverage: '1111|1111',
		staff: '1111|1111',
		activation_code: '0000|0000',
		network: '1111|1111',
		outbox: '1111|1111',
		learning_module: '1111|1111',
		contact_request: '0000|0000',
		workshop: '0000|0000'
	}
};

const WHERE: Where[] = ['own', 'colleague', 'sibling', 'far'];

describe('the access matrix', () => {
	for (const [role, resources] of Object.entries(expected) as [Role, Record<Resource, string>][]) {
		for (const [resource, answer] of Object.entries(resources) as [Resource, string][]) {
			const [read, write] = answer.split('|') as [string, string];
			it(`${role} × ${resource}: read ${read}, write ${write}`, () => {
				const actor = actors[role];
				const got = (action: Action) =>
					WHERE.map((w) => (can(actor, action, resource, places[w]) ? '1' : '0')).join('');
				expect({ read: got('read'), write: got('write') }).toEqual({ read, write });
			});
		}
	}

	it('covers every role and every resource', () => {
		expect(Object.keys(expected).sort()).toEqual(
			['company_contact', 'counselor', 'mentor', 'network_referent', 'platform_admin', 'structure_manager', 'youth'].sort()
		);
		for (const resources of Object.values(expected)) {
			expect(Object.keys(resources).sort()).toEqual(
				['activation_code', 'contact_request', 'coverage', 'learning_module', 'network', 'outbox', 'site', 'staff', 'structure', 'workshop', 'youth_file', 'youth_referent'].sort()
			);
		}
	});

	it('refuses an actor whose structure is unknown (null) even when the place has none', () => {
		const orphan: Actor = { userId: ME, role: 'counselor', structureId: null, networkId: null, companyId: null };
		expect(can(orphan, 'read', 'youth_file', { structureId: null, networkId: null, ownerId: 'x' })).toBe(false);
		const referentWithoutNetwork: Actor = { ...orphan, role: 'network_referent' };
		expect(can(referentWithoutNetwork, 'write', 'structure', { structureId: null, networkId: null })).toBe(false);
	});
});
