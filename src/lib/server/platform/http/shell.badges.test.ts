import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '../../app';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { users } from '../../modules/accounts/accounts.schema';
import { countNewContactRequests } from '../../modules/contact-requests';
import { contactRequests } from '../../modules/contact-requests/contact-requests.schema';
import { countWaitingConversations, openConversation, sendMessage } from '../../modules/messaging';
import { actorOf, aSite, aWorld, aYouth, type World } from '../../testing/world';
import type { Actor } from '../access';
import { readConfig } from '../config/config';
import { loadShell } from './shell';

// Importing the modules' index registers their badges, as `registrations.ts` does in the app.
let handle: DatabaseHandle;
let deps: Deps;
let w: World;
const session = { firstName: 'Camille', lastName: 'Martin' };
const clock = new Date('2025-03-10T10:00:00Z');

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	w = await aWorld(deps.db);
	// Always open: no automatic night reply in these conversations.
	const allDay = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' }));
	for (const s of Object.values(w.structures)) await aSite(deps.db, s.id, { openingHours: allDay });
});
afterAll(() => handle.close());

const badgesOf = async (actor: Actor) => (await loadShell(deps.db, actor, session)).badges;

async function youthWrites(structureId: string, referentId: string) {
	const y = await aYouth(deps.db, structureId, referentId, { firstName: 'Yanis', lastName: `N${randomUUID().slice(0, 6)}` });
	const actor = actorOf({ id: y.id, role: 'youth', structureId, networkId: null, companyId: null });
	const conversation = await openConversation(deps, actor, y.id);
	await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Bonjour, tu peux me rappeler ?' });
	return { youthId: y.id, conversationId: conversation.id };
}

async function aRequest(structureId: string, status: 'new' | 'assigned' | 'closed' = 'new') {
	await deps.db.insert(contactRequests).values({
		structureId,
		firstName: 'Nina',
		phone: '0611223344',
		communeCode: '69381',
		communeName: 'Lyon',
		status,
		closeReason: status === 'closed' ? 'duplicate' : null
	});
}

describe('badges of the professional navigation', () => {
	it('shows nothing when nobody waits and no request is new', async () => {
		expect(await badgesOf(w.actors.counselor)).toEqual({});
		expect(await countWaitingConversations(deps.db, w.actors.counselor)).toBe(0);
		expect(await countNewContactRequests(deps.db, w.actors.counselor)).toBe(0);
	});

	it('counts the conversations of the structure waiting for an answer, for all its staff and nobody else', async () => {
		const first = await youthWrites(w.structures.lyon.id, w.people.counselor.id);
		await youthWrites(w.structures.lyon.id, w.people.counselor2.id);
		// A second message of the same youth is still one conversation waiting.
		const actor = actorOf({ id: first.youthId, role: 'youth', structureId: w.structures.lyon.id, networkId: null, companyId: null });
		await sendMessage(deps, actor, { conversationId: first.conversationId, clientId: randomUUID(), body: 'Tu es là ?' });
		for (const staff of [w.actors.counselor, w.actors.counselor2, w.actors.manager]) {
			expect((await badgesOf(staff))?.['/pro/messages'], staff.role).toEqual({ count: 2, label: '2 en attente' });
		}
		for (const other of [w.actors.otherCounselor, w.actors.farManager, w.actors.referent, w.actors.mentor, w.actors.companyContact, w.actors.admin]) {
			expect((await badgesOf(other))?.['/pro/messages'], other.role).toBeUndefined();
			expect(await countWaitingConversations(deps.db, other)).toBe(0);
		}
		expect(await countWaitingConversations(deps.db, w.actors.youth)).toBe(0);
		expect(await countWaitingConversations(deps.db, null)).toBe(0);

		// A staff answer ends the wait.
		await sendMessage(deps, w.actors.counselor, { conversationId: first.conversationId, clientId: randomUUID(), body: 'Oui, je t’appelle à 14 h.' });
		expect((await badgesOf(w.actors.counselor))?.['/pro/messages']).toEqual({ count: 1, label: '1 en attente' });
	});

	it('leaves out disabled accounts, like the queue, and the conversations of other structures', async () => {
		const before = await countWaitingConversations(deps.db, w.actors.counselor);
		const gone = await youthWrites(w.structures.lyon.id, w.people.counselor.id);
		expect(await countWaitingConversations(deps.db, w.actors.counselor)).toBe(before + 1);
		await deps.db.update(users).set({ disabledAt: clock }).where(eq(users.id, gone.youthId));
		expect(await countWaitingConversations(deps.db, w.actors.counselor)).toBe(before);
		await youthWrites(w.structures.villeurbanne.id, w.people.otherCounselor.id);
		expect(await countWaitingConversations(deps.db, w.actors.otherCounselor)).toBe(1);
		expect(await countWaitingConversations(deps.db, w.actors.counselor)).toBe(before);
	});

	it('counts the new, untriaged contact requests of the structure only', async () => {
		await aRequest(w.structures.lyon.id);
		await aRequest(w.structures.lyon.id);
		await aRequest(w.structures.lyon.id, 'assigned');
		await aRequest(w.structures.lyon.id, 'closed');
		await aRequest(w.structures.villeurbanne.id);
		for (const staff of [w.actors.counselor, w.actors.manager]) {
			expect((await badgesOf(staff))?.['/pro/demandes'], staff.role).toEqual({ count: 2, label: '2 nouvelles' });
		}
		expect((await badgesOf(w.actors.otherCounselor))?.['/pro/demandes']).toEqual({ count: 1, label: '1 nouvelle' });
		for (const other of [w.actors.farCounselor, w.actors.referent, w.actors.mentor, w.actors.admin]) {
			expect((await badgesOf(other))?.['/pro/demandes'], other.role).toBeUndefined();
			expect(await countNewContactRequests(deps.db, other)).toBe(0);
		}
		expect(await countNewContactRequests(deps.db, w.actors.youth)).toBe(0);
		expect(await countNewContactRequests(deps.db, null)).toBe(0);
	});
});
