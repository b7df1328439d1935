import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../../app';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { createAccountsRepository } from '../../modules/accounts';
import { createActivationCode, listActivationCodes } from '../../modules/activation';
import { inviteStaff, listStaff } from '../../modules/staff';
import { createSite, importCoverage, updateStructure } from '../../modules/structures';
import { aWorld, type World } from '../../testing/world';
import { readConfig } from '../config/config';
import type { Actor } from './access';

/**
 * The access matrix on a real database: every role tries every write (and the sensitive reads) of
 * every module, on its own structure, another structure of its network, and a structure of another
 * network. The expected answers are the ones of access.matrix.test.ts; here we prove that the use
 * cases and repositories really apply them.
 */
let handle: DatabaseHandle;
let deps: Deps;
let world: World;

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }) });
	world = await aWorld(handle.db);
});
afterAll(() => handle.close());

type ActorName = keyof World['actors'];
type Where = 'lyon' | 'villeurbanne' | 'sarthe';
const WHERE: Where[] = ['lyon', 'villeurbanne', 'sarthe'];
const structureId = (w: Where) => world.structures[w].id;

/** Runs an attempt; 'ok' when it succeeds, 'refused' when it throws a forbidden/unauthenticated domain error. */
async function attempt(fn: () => Promise<unknown>): Promise<'ok' | 'refused'> {
	try {
		await fn();
		return 'ok';
	} catch (e) {
		const kind = (e as { kind?: string }).kind;
		if (kind === 'forbidden' || kind === 'unauthenticated' || kind === 'not_found') return 'refused';
		throw e;
	}
}

const row = async (actor: Actor, fn: (actor: Actor, where: Where) => Promise<unknown>) => {
	const out: string[] = [];
	for (const w of WHERE) out.push((await attempt(() => fn(actor, w))) === 'ok' ? '1' : '0');
	return out.join('');
};

let n = 0;
const cases: Record<string, (actor: Actor, where: Where) => Promise<unknown>> = {
	'update structure details': (actor, w) =>
		updateStructure(deps, actor, structureId(w), { name: `Mission Locale test ${n++}`, email: '', phone: '', website: '' }),
	'create a site': (actor, w) =>
		createSite(deps, actor, structureId(w), {
			name: `Antenne ${n++}`,
			addressLine: '3 place Bellecour',
			postalCode: '69002',
			communeCode: '69382',
			openingHours: [{ day: 2, opens: '09:00', closes: '12:00' }]
		}),
	'import covered communes': async (actor, w) => {
		const communes = { lyon: '69383', villeurbanne: '69266', sarthe: '72180' };
		const report = await importCoverage(deps, actor, { csv: `${communes[w]};${structureId(w)}` });
		if (report.imported.length !== 1) throw Object.assign(new Error('line rejected'), { kind: 'forbidden' });
	},
	'list the staff': (actor, w) => listStaff(handle.db, actor, structureId(w)),
	'invite a counselor': (actor, w) =>
		inviteStaff(deps, actor, {
			email: `invite-${n++}@exemple.test`,
			firstName: 'Nora',
			role: 'counselor',
			structureId: structureId(w)
		}),
	'read a youth file': async (actor, w) => {
		const youth = { lyon: world.youths.youth, villeurbanne: world.youths.otherYouth, sarthe: world.youths.farYouth }[w];
		const file = await createAccountsRepository({ db: handle.db, actor }).getYouthFile(youth.id);
		if (!file) throw Object.assign(new Error('not visible'), { kind: 'not_found' });
	}
};

// role → case → answer on [own structure (Lyon), sibling (Villeurbanne), other network (Sarthe)].
// Lyon is the structure of the youth/counselor/manager; the referent's network holds Lyon and Villeurbanne.
const expected: Record<string, Record<string, string>> = {
	youth: { 'update structure details': '000', 'create a site': '000', 'import covered communes': '000', 'list the staff': '000', 'invite a counselor': '000', 'read a youth file': '100' },
	counselor: { 'update structure details': '000', 'create a site': '000', 'import covered communes': '000', 'list the staff': '100', 'invite a counselor': '000', 'read a youth file': '100' },
	manager: { 'update structure details': '100', 'create a site': '100', 'import covered communes': '100', 'list the staff': '100', 'invite a counselor': '100', 'read a youth file': '100' },
	referent: { 'update structure details': '110', 'create a site': '110', 'import covered communes': '110', 'list the staff': '110', 'invite a counselor': '000', 'read a youth file': '000' },
	mentor: { 'update structure details': '000', 'create a site': '000', 'import covered communes': '000', 'list the staff': '000', 'invite a counselor': '000', 'read a youth file': '000' },
	companyContact: { 'update structure details': '000', 'create a site': '000', 'import covered communes': '000', 'list the staff': '000', 'invite a counselor': '000', 'read a youth file': '000' },
	admin: { 'update structure details': '111', 'create a site': '111', 'import covered communes': '111', 'list the staff': '111', 'invite a counselor': '111', 'read a youth file': '000' }
};

describe('the access matrix on a real database', () => {
	for (const [actorName, answers] of Object.entries(expected)) {
		for (const [caseName, answer] of Object.entries(answers)) {
			it(`${actorName} → ${caseName}: ${answer}`, async () => {
				const actor = world.actors[actorName as ActorName];
				expect(await row(actor, cases[caseName]!)).toBe(answer);
			});
		}
	}

	it('lets only the staff of a structure create activation codes, always for their own structure', async () => {
		const allowed: ActorName[] = [];
		for (const name of Object.keys(world.actors) as ActorName[]) {
			const result = await attempt(() => createActivationCode(deps, world.actors[name], { firstName: 'Yanis' }));
			if (result === 'ok') allowed.push(name);
		}
		expect(allowed.sort()).toEqual(
			['counselor', 'counselor2', 'farCounselor', 'farManager', 'manager', 'otherCounselor', 'otherManager'].sort()
		);
		const lyonCodes = await listActivationCodes(deps, world.actors.manager);
		const villeurbanneCodes = await listActivationCodes(deps, world.actors.otherManager);
		expect(lyonCodes.length).toBeGreaterThan(0);
		const lyonIds = new Set(lyonCodes.map((c) => c.id));
		expect(villeurbanneCodes.some((c) => lyonIds.has(c.id))).toBe(false);
	});

	it('refuses everything to someone who is not signed in', async () => {
		const none = null as unknown as Actor;
		// Repositories are built for an actor (routes call requireActor first); use cases check themselves.
		for (const [name, fn] of Object.entries(cases)) {
			if (name === 'read a youth file') continue;
			expect(await attempt(() => fn(none, 'lyon'))).toBe('refused');
		}
		expect(await attempt(() => createActivationCode(deps, none, { firstName: 'Yanis' }))).toBe('refused');
	});
});
