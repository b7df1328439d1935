import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { aWorld, type World } from '../../testing/world';
import { loadShell } from './shell';

let handle: DatabaseHandle;
let world: World;
const session = { firstName: 'Camille', lastName: 'Martin' };

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
});
afterAll(() => handle.close());

describe('the professional shell', () => {
	it('shows a counselor their Mission Locale and no administration link', async () => {
		const shell = await loadShell(handle.db, world.actors.counselor, session);
		expect(shell).toEqual({
			firstName: 'Camille',
			lastName: 'Martin',
			roleLabel: 'Conseiller·ère',
			placeName: 'Mission Locale de Lyon',
			canAdminister: false,
			canAuthor: true,
			canTriage: true,
			canManageStructure: false,
			badges: {}
		});
	});

	it('shows "Parcours" (authoring) to staff, referents and admins, not to mentors or company contacts', async () => {
		for (const actor of [world.actors.manager, world.actors.referent, world.actors.admin]) {
			expect((await loadShell(handle.db, actor, session)).canAuthor, actor.role).toBe(true);
		}
		for (const actor of [world.actors.mentor, world.actors.companyContact]) {
			expect((await loadShell(handle.db, actor, session)).canAuthor, actor.role).toBe(false);
		}
	});

	it('gives the administration link to a structure manager', async () => {
		const shell = await loadShell(handle.db, world.actors.manager, session);
		expect(shell.roleLabel).toBe('Direction de la structure');
		expect(shell.canAdminister).toBe(true);
	});

	it('gives "Réglages" (follow-up settings of the structure) to its manager only', async () => {
		expect((await loadShell(handle.db, world.actors.manager, session)).canManageStructure).toBe(true);
		for (const actor of [world.actors.counselor, world.actors.referent, world.actors.admin, world.actors.mentor]) {
			expect((await loadShell(handle.db, actor, session)).canManageStructure, actor.role).toBe(false);
		}
	});

	it('names the network of a network referent and the company of a mentor', async () => {
		expect((await loadShell(handle.db, world.actors.referent, session)).placeName).toBe('Missions Locales du Rhône');
		expect((await loadShell(handle.db, world.actors.mentor, session)).placeName).toBe(world.company.name);
		expect((await loadShell(handle.db, world.actors.mentor, session)).canAdminister).toBe(false);
	});

	it('shows no place for a platform admin, who administers everything', async () => {
		const shell = await loadShell(handle.db, world.actors.admin, session);
		expect(shell.placeName).toBeNull();
		expect(shell.canAdminister).toBe(true);
	});

	it('refuses to build a shell without a signed-in person', async () => {
		await expect(loadShell(handle.db, null, null)).rejects.toMatchObject({ status: 401 });
	});
});
