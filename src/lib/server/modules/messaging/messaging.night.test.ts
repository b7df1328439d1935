import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { realtimeEvents } from '$lib/server/platform/realtime';
import { actorOf, aNetwork, aProfessional, aSite, aStructure, aYouth } from '$lib/server/testing/world';
import { aConversation } from './messaging.fixtures';
import { listConversationsForStaff, listMessages, unreadCount } from './messaging.queries';
import { nightReplyId } from './messaging.night';
import { structureClosures } from '$lib/server/modules/structures/structures.schema';
import { messages } from './messaging.schema';
import { conversationStream } from './messaging.streams';
import { sendMessage } from './messaging.usecases';

let handle: DatabaseHandle;
let deps: Deps;
// Tuesday 11 March 2025, 23:30 in Paris (UTC+1).
let clock = new Date('2025-03-11T22:30:00Z');
let structureId: string;
let siteless: string;
let counselor: Actor;

const WEEKDAYS = [1, 2, 3, 4, 5].flatMap((day) => [
	{ day, opens: '09:00', closes: '12:30' },
	{ day, opens: '13:30', closes: '17:00' }
]);

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	const network = await aNetwork(deps.db);
	structureId = (await aStructure(deps.db, network.id, { name: 'Mission Locale de Nuit' })).id;
	// Two sites: the structure is open when either is (Saturday morning only at the second one).
	await aSite(deps.db, structureId, { openingHours: WEEKDAYS });
	await aSite(deps.db, structureId, { name: 'Antenne', openingHours: [{ day: 6, opens: '10:00', closes: '12:00' }] });
	await aSite(deps.db, structureId, {
		name: 'Ancienne antenne',
		openingHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' })),
		archivedAt: new Date('2025-01-01T00:00:00Z')
	});
	siteless = (await aStructure(deps.db, network.id, { name: 'Mission Locale sans horaires' })).id;
	const c = await aProfessional(deps.db, 'counselor', { structureId });
	counselor = actorOf(c, network.id);
});
afterAll(() => handle.close());

async function freshYouth(structure = structureId) {
	const referent = structure === structureId ? counselor.userId : (await aProfessional(deps.db, 'counselor', { structureId: structure })).id;
	const y = await aYouth(deps.db, structure, referent, { firstName: 'Nour', lastName: `N${randomUUID().slice(0, 6)}` });
	const actor = actorOf({ id: y.id, role: 'youth', structureId: structure, networkId: null, companyId: null });
	const conversation = await aConversation(deps, actor, y.id);
	return { actor, conversation };
}

const send = (actor: Actor, conversationId: string, body: string, clientId: string = randomUUID()) =>
	sendMessage(deps, actor, { conversationId, clientId, body });

const systemMessages = async (conversationId: string) =>
	deps.db
		.select()
		.from(messages)
		.where(and(eq(messages.conversationId, conversationId), eq(messages.authorRole, 'system')))
		.orderBy(asc(messages.seq));

describe('automatic night reply', () => {
	it('answers a youth message at night once, naming the next opening, and publishes it', async () => {
		clock = new Date('2025-03-11T22:30:00Z');
		const { actor, conversation } = await freshYouth();
		const sent = await send(actor, conversation.id, 'Bonsoir, j’ai une question');
		expect(sent.autoReply).toBeDefined();
		const replies = await systemMessages(conversation.id);
		expect(replies).toHaveLength(1);
		const reply = replies[0]!;
		expect(reply).toMatchObject({ seq: 2, authorId: null, authorRole: 'system', id: nightReplyId(sent.message.id) });
		expect(reply.body).toContain('Elle rouvre demain à 9\u00a0h');
		expect(reply.body).toContain('/parcours');
		expect(reply.body).toContain('3114');
		const events = await deps.db.select().from(realtimeEvents).where(eq(realtimeEvents.stream, conversationStream(conversation.id)));
		expect(events.map((e) => (e.payload as { authorRole: string }).authorRole)).toEqual(['youth', 'system']);
		// Shown as "Tremplin"; the youth has nothing unread; the youth is still waiting for staff.
		const page = await listMessages(deps, actor, conversation.id);
		expect(page.messages.map((m) => [m.authorRole, m.authorName])).toEqual([
			['youth', 'Nour'],
			['system', 'Tremplin']
		]);
		expect(await unreadCount(deps, actor)).toBe(0);
		const item = (await listConversationsForStaff(deps, counselor)).find((c) => c.conversationId === conversation.id);
		expect(item?.waitingSince?.toISOString()).toBe('2025-03-11T22:30:00.000Z');
	});

	it('does not answer the other messages of the same night, answers again after a staff reply', async () => {
		clock = new Date('2025-03-11T22:30:00Z');
		const { actor, conversation } = await freshYouth();
		await send(actor, conversation.id, 'Message 1');
		clock = new Date('2025-03-12T01:10:00Z');
		expect((await send(actor, conversation.id, 'Message 2')).autoReply).toBeUndefined();
		clock = new Date('2025-03-12T04:50:00Z');
		await send(actor, conversation.id, 'Message 3');
		expect(await systemMessages(conversation.id)).toHaveLength(1);
		// A night owl counselor answers; the youth writes again: a new reply.
		clock = new Date('2025-03-12T05:00:00Z');
		await send(counselor, conversation.id, 'Je suis là, je te réponds demain.');
		await send(actor, conversation.id, 'Merci !');
		const replies = await systemMessages(conversation.id);
		expect(replies.map((r) => r.seq)).toEqual([2, 7]);
		const items = await listConversationsForStaff(deps, counselor);
		expect(items.find((c) => c.conversationId === conversation.id)?.waitingSince?.toISOString()).toBe('2025-03-12T05:00:00.000Z');
	});

	it('answers again in the next closed period when nobody answered meanwhile', async () => {
		clock = new Date('2025-03-11T22:30:00Z');
		const { actor, conversation } = await freshYouth();
		await send(actor, conversation.id, 'Mardi soir');
		// Wednesday 12:45 in Paris: lunch break, a new closed period.
		clock = new Date('2025-03-12T11:45:00Z');
		const lunch = await send(actor, conversation.id, 'Mercredi midi');
		expect(lunch.autoReply?.body).toContain('Elle rouvre aujourd’hui à 13\u00a0h 30');
		expect(await systemMessages(conversation.id)).toHaveLength(2);
	});

	it('names the opening after the weekend, counting every site', async () => {
		// Friday 23:30: the Saturday-morning antenna opens first.
		clock = new Date('2025-03-14T22:30:00Z');
		const { actor, conversation } = await freshYouth();
		expect((await send(actor, conversation.id, 'Vendredi soir')).autoReply?.body).toContain('Elle rouvre demain à 10\u00a0h');
		// Saturday 19:00: next opening Monday 9 h.
		clock = new Date('2025-03-15T18:00:00Z');
		const other = await freshYouth();
		expect((await send(other.actor, other.conversation.id, 'Samedi soir')).autoReply?.body).toContain('Elle rouvre lundi à 9\u00a0h');
	});

	it('says nothing during opening hours, nor for staff messages at night', async () => {
		clock = new Date('2025-03-12T09:15:00Z'); // Wednesday 10:15
		const { actor, conversation } = await freshYouth();
		expect((await send(actor, conversation.id, 'Bonjour')).autoReply).toBeUndefined();
		clock = new Date('2025-03-12T22:00:00Z');
		await send(counselor, conversation.id, 'Un message tard le soir');
		await send(counselor, conversation.id, 'Et un autre');
		expect(await systemMessages(conversation.id)).toHaveLength(0);
	});

	it('a retry of the same client id creates no second reply', async () => {
		clock = new Date('2025-03-11T22:30:00Z');
		const { actor, conversation } = await freshYouth();
		const clientId = randomUUID();
		const first = await send(actor, conversation.id, 'Bonsoir', clientId);
		const again = await send(actor, conversation.id, 'Bonsoir', clientId);
		expect(first.created).toBe(true);
		expect(again.created).toBe(false);
		expect(await systemMessages(conversation.id)).toHaveLength(1);
		const all = await deps.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
		expect(all).toHaveLength(2);
	});

	it('says "dès que possible" when the structure has no opening hours', async () => {
		clock = new Date('2025-03-12T09:15:00Z');
		const { actor, conversation } = await freshYouth(siteless);
		const sent = await send(actor, conversation.id, 'Bonjour');
		expect(sent.autoReply?.body).toContain('dès que possible');
		expect((await send(actor, conversation.id, 'Toujours là ?')).autoReply).toBeUndefined();
	});
});

describe('night reply and public holidays', () => {
	async function youthOf(department: string, postalCode: string) {
		const network = await aNetwork(deps.db);
		const id = (await aStructure(deps.db, network.id, { name: `Mission Locale ${department}`, departmentCode: department })).id;
		await aSite(deps.db, id, { openingHours: WEEKDAYS, postalCode });
		return freshYouth(id);
	}

	it('on Christmas Eve evening, names the day after Christmas in the Rhône, the Monday after in Moselle', async () => {
		// Wednesday 24 December 2025, 19:00 in Paris.
		clock = new Date('2025-12-24T18:00:00Z');
		const rhone = await youthOf('69', '69001');
		expect((await send(rhone.actor, rhone.conversation.id, 'Joyeux Noël')).autoReply?.body).toContain('Elle rouvre vendredi à 9\u00a0h');
		const moselle = await youthOf('57', '57000');
		expect((await send(moselle.actor, moselle.conversation.id, 'Joyeux Noël')).autoReply?.body).toContain('Elle rouvre lundi à 9\u00a0h');
	});

	it('on Christmas Day at 10:00 the structure is closed; on 26 December it is open in the Rhône only', async () => {
		clock = new Date('2025-12-25T09:00:00Z');
		const rhone = await youthOf('69', '69003');
		expect((await send(rhone.actor, rhone.conversation.id, 'Bonjour')).autoReply?.body).toContain('Elle rouvre demain à 9\u00a0h');
		clock = new Date('2025-12-26T09:00:00Z');
		const open = await youthOf('69', '69003');
		expect((await send(open.actor, open.conversation.id, 'Bonjour')).autoReply).toBeUndefined();
		// The département comes from the site's postal code when the structure has none.
		const network = await aNetwork(deps.db);
		const id = (await aStructure(deps.db, network.id, { name: 'Mission Locale de Metz' })).id;
		await aSite(deps.db, id, { openingHours: WEEKDAYS, postalCode: '57050' });
		const metz = await freshYouth(id);
		expect((await send(metz.actor, metz.conversation.id, 'Bonjour')).autoReply?.body).toContain('Elle rouvre lundi à 9\u00a0h');
	});

	it('skips Easter Monday', async () => {
		// Sunday 20 April 2025, 21:00: Monday 21 is Easter Monday.
		clock = new Date('2025-04-20T19:00:00Z');
		const { actor, conversation } = await youthOf('69', '69001');
		expect((await send(actor, conversation.id, 'Bonsoir')).autoReply?.body).toContain('Elle rouvre mardi à 9\u00a0h');
	});

	it('gives the date when the next opening is a week or more away', async () => {
		// A site open on Mondays only; Sunday evening before Easter Monday: Monday 28 April.
		clock = new Date('2025-04-20T19:00:00Z');
		const network = await aNetwork(deps.db);
		const id = (await aStructure(deps.db, network.id, { name: 'Permanence du lundi', departmentCode: '69' })).id;
		await aSite(deps.db, id, { openingHours: [{ day: 1, opens: '14:00', closes: '17:00' }] });
		const { actor, conversation } = await freshYouth(id);
		expect((await send(actor, conversation.id, 'Bonsoir')).autoReply?.body).toContain('Elle rouvre lundi 28 avril à 14\u00a0h');
	});
});

describe('night reply and exceptional closures', () => {
	async function youthOfClosedStructure(closure: { startsOn: string; endsOn: string; reason: string | null }) {
		const network = await aNetwork(deps.db);
		const id = (await aStructure(deps.db, network.id, { name: 'Mission Locale en congés', departmentCode: '69' })).id;
		await aSite(deps.db, id, { openingHours: WEEKDAYS, postalCode: '69001' });
		await deps.db.insert(structureClosures).values({ structureId: id, ...closure });
		return freshYouth(id);
	}

	it('during opening hours of a closed week: gives the dates, the reason and the day it reopens, once', async () => {
		// Wednesday 6 August 2025, 10:00 in Paris (UTC+2).
		clock = new Date('2025-08-06T08:00:00Z');
		const { actor, conversation } = await youthOfClosedStructure({ startsOn: '2025-08-04', endsOn: '2025-08-22', reason: 'Congés d’été.' });
		const reply = (await send(actor, conversation.id, 'Bonjour, vous êtes là ?')).autoReply?.body;
		expect(reply).toContain('Ta Mission Locale est fermée du 4 au 22 août 2025 (Congés d’été). Elle rouvre lundi 25 août à 9\u00a0h');
		clock = new Date('2025-08-11T08:00:00Z');
		expect((await send(actor, conversation.id, 'Toujours personne ?')).autoReply).toBeUndefined();
	});

	it('the evening before it starts: names the closure that explains the wait', async () => {
		// Friday 1 August 2025, 20:00 in Paris.
		clock = new Date('2025-08-01T18:00:00Z');
		const { actor, conversation } = await youthOfClosedStructure({ startsOn: '2025-08-04', endsOn: '2025-08-08', reason: null });
		const reply = (await send(actor, conversation.id, 'Bonsoir')).autoReply?.body;
		expect(reply).toContain('Ta Mission Locale est fermée du 4 au 8 août 2025. Elle rouvre lundi 11 août à 9\u00a0h');
	});

	it('a closure after the next opening is not mentioned', async () => {
		clock = new Date('2025-08-01T18:00:00Z');
		const { actor, conversation } = await youthOfClosedStructure({ startsOn: '2025-08-05', endsOn: '2025-08-08', reason: 'Pont' });
		const reply = (await send(actor, conversation.id, 'Bonsoir')).autoReply?.body;
		expect(reply).toContain('Ta Mission Locale est fermée. Elle rouvre lundi à 9\u00a0h');
		expect(reply).not.toContain('Pont');
	});
});
