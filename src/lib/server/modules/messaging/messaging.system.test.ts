import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { Database, DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { realtimeEvents } from '$lib/server/platform/realtime';
import { actorOf, aSite, aWorld, aYouth, type World } from '$lib/server/testing/world';
import { aConversation } from './messaging.fixtures';
import { listConversationsForStaff, listMessages, unreadCount } from './messaging.queries';
import { conversations, messages } from './messaging.schema';
import { conversationStream } from './messaging.streams';
import { postSystemMessage, sendMessage } from './messaging.usecases';

let handle: DatabaseHandle;
let deps: Deps;
let clock = new Date('2025-03-10T09:00:00Z');
let w: World;

const NIGHT_HOURS = [1, 2, 3, 4, 5].map((day) => ({ day, opens: '09:00', closes: '17:00' }));

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	w = await aWorld(deps.db);
	for (const s of Object.values(w.structures)) await aSite(deps.db, s.id, { openingHours: NIGHT_HOURS });
});
afterAll(() => handle.close());

async function freshYouth() {
	const y = await aYouth(deps.db, w.structures.lyon.id, w.people.counselor.id, { firstName: 'Lina', lastName: `S${randomUUID().slice(0, 6)}` });
	const actor: Actor = actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null });
	return { youthId: y.id, actor };
}

const messagesOf = async (youthId: string) => {
	const [c] = await deps.db.select().from(conversations).where(eq(conversations.youthId, youthId));
	if (!c) return [];
	return deps.db.select().from(messages).where(eq(messages.conversationId, c.id)).orderBy(asc(messages.seq));
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	return (error as DomainError).code;
}

describe('postSystemMessage', () => {
	it('creates the conversation if needed, posts an unread automatic message and publishes it', async () => {
		clock = new Date('2025-03-10T09:00:00Z');
		const { youthId, actor } = await freshYouth();
		const id = randomUUID();
		expect(await postSystemMessage(deps, { youthId, id, body: 'Rappel : rendez-vous demain à 10 h.' })).toEqual({ created: true });
		const rows = await messagesOf(youthId);
		expect(rows).toMatchObject([{ id, seq: 1, authorId: null, authorRole: 'system', body: 'Rappel : rendez-vous demain à 10 h.' }]);
		const [conversation] = await deps.db.select().from(conversations).where(eq(conversations.youthId, youthId));
		expect(conversation).toMatchObject({ structureId: w.structures.lyon.id, nextSeq: 1, waitingSince: null });
		expect(await unreadCount(deps, actor)).toBe(1);
		const page = await listMessages(deps, actor, conversation!.id);
		expect(page.messages.map((m) => m.authorName)).toEqual(['Tremplin']);
		const events = await deps.db.select().from(realtimeEvents).where(eq(realtimeEvents.stream, conversationStream(conversation!.id)));
		expect(events).toHaveLength(1);
		expect(events[0]!.payload).toMatchObject({ id, authorRole: 'system' });
	});

	it('is idempotent on the id: the same id again changes nothing', async () => {
		const { youthId } = await freshYouth();
		const id = randomUUID();
		await postSystemMessage(deps, { youthId, id, body: 'Premier envoi' });
		const before = (await deps.db.select().from(realtimeEvents)).length;
		expect(await postSystemMessage(deps, { youthId, id, body: 'Premier envoi' })).toEqual({ created: false });
		expect(await postSystemMessage(deps, { youthId, id: id.toUpperCase(), body: 'Autre texte' })).toEqual({ created: false });
		expect(await messagesOf(youthId)).toHaveLength(1);
		expect((await deps.db.select().from(realtimeEvents)).length).toBe(before);
	});

	it('refuses an id already used by a person’s message or in another conversation', async () => {
		const a = await freshYouth();
		const b = await freshYouth();
		const conversation = await aConversation(deps, a.actor, a.youthId);
		clock = new Date('2025-03-10T10:00:00Z');
		const sent = await sendMessage(deps, a.actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Bonjour' });
		expect(await codeOf(postSystemMessage(deps, { youthId: a.youthId, id: sent.message.id, body: 'x' }))).toBe('messaging.id_reused');
		const id = randomUUID();
		await postSystemMessage(deps, { youthId: a.youthId, id, body: 'Pour A' });
		expect(await codeOf(postSystemMessage(deps, { youthId: b.youthId, id, body: 'Pour B' }))).toBe('messaging.id_reused');
		expect(await messagesOf(b.youthId)).toHaveLength(0);
	});

	it('does not end the youth’s wait, and staff do not count it as unread', async () => {
		clock = new Date('2025-03-10T10:00:00Z');
		const { youthId, actor } = await freshYouth();
		const conversation = await aConversation(deps, actor, youthId);
		await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Une question' });
		clock = new Date('2025-03-10T10:05:00Z');
		await postSystemMessage(deps, { youthId, id: randomUUID(), body: 'Ton rendez-vous est confirmé.' });
		const item = (await listConversationsForStaff(deps, w.actors.counselor)).find((c) => c.conversationId === conversation.id);
		expect(item?.waitingSince?.toISOString()).toBe('2025-03-10T10:00:00.000Z');
		expect(item?.unread).toBe(1);
	});

	it('commits or rolls back with the caller’s transaction', async () => {
		const { youthId } = await freshYouth();
		const id = randomUUID();
		await deps.db
			.transaction(async (tx) => {
				await postSystemMessage({ db: tx as unknown as Database, now: deps.now }, { youthId, id, body: 'Annulé' });
				throw new Error('rollback');
			})
			.catch(() => undefined);
		expect(await messagesOf(youthId)).toHaveLength(0);
		await deps.db.transaction(async (tx) => {
			expect(await postSystemMessage({ db: tx as unknown as Database, now: deps.now }, { youthId, id, body: 'Gardé' })).toEqual({ created: true });
		});
		expect((await messagesOf(youthId)).map((m) => m.body)).toEqual(['Gardé']);
	});

	it('refuses unknown or non-youth ids, bad message ids and bad bodies', async () => {
		const { youthId } = await freshYouth();
		expect(await codeOf(postSystemMessage(deps, { youthId: randomUUID(), id: randomUUID(), body: 'x' }))).toBe('messaging.youth_not_found');
		expect(await codeOf(postSystemMessage(deps, { youthId: 'pas-un-id', id: randomUUID(), body: 'x' }))).toBe('messaging.youth_not_found');
		expect(await codeOf(postSystemMessage(deps, { youthId: w.people.counselor.id, id: randomUUID(), body: 'x' }))).toBe('messaging.youth_not_found');
		expect(await codeOf(postSystemMessage(deps, { youthId, id: 'abc', body: 'x' }))).toBe('messaging.invalid_message');
		expect(await codeOf(postSystemMessage(deps, { youthId, id: randomUUID(), body: '   ' }))).toBe('messaging.invalid_message');
		expect(await messagesOf(youthId)).toHaveLength(0);
	});

	it('does not stop the night reply: an appointment reminder is not a night reply', async () => {
		// Monday 22:30 in Paris: closed.
		clock = new Date('2025-03-10T21:30:00Z');
		const { youthId, actor } = await freshYouth();
		const conversation = await aConversation(deps, actor, youthId);
		const first = await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Bonsoir' });
		expect(first.autoReply).toBeDefined();
		await postSystemMessage(deps, { youthId, id: randomUUID(), body: 'Rappel de rendez-vous' });
		clock = new Date('2025-03-10T21:40:00Z');
		expect((await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Encore moi' })).autoReply).toBeUndefined();
		// Next night, a reminder came after the last night reply: still a new night reply.
		clock = new Date('2025-03-11T21:30:00Z');
		await postSystemMessage(deps, { youthId, id: randomUUID(), body: 'Rappel' });
		expect((await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Mardi soir' })).autoReply).toBeDefined();
		const systems = (await messagesOf(youthId)).filter((m) => m.authorRole === 'system');
		expect(systems).toHaveLength(4);
	});
});
