import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { Database, DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { realtimeEvents } from '$lib/server/platform/realtime';
import { actorOf, aSite, aWorld, aYouth, type World } from '$lib/server/testing/world';
import { aConversation, someMessages } from './messaging.fixtures';
import { getYouthConversation, listConversationsForStaff, listMessages, realtimeStreamsFor, unreadCount } from './messaging.queries';
import { canUseConversation, conversationScopeOf, groupMessageId } from './messaging.repository';
import { conversationReads, conversations, messages } from './messaging.schema';
import { markRead, openConversation, sendMessage, sendMessageToYouth, sendToGroup, throttleSends } from './messaging.usecases';

let handle: DatabaseHandle;
let deps: Deps;
let clock = new Date('2025-03-10T09:00:00Z');
let w: World;
let youth: Actor;
let colleagueYouth: Actor;
let otherYouth: Actor;

const tick = (minutes = 1) => (clock = new Date(clock.getTime() + minutes * 60_000));

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	w = await aWorld(deps.db);
	// Always open: the automatic night replies (messaging.night.test.ts) stay out of these counts.
	const allDay = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' }));
	for (const s of Object.values(w.structures)) await aSite(deps.db, s.id, { openingHours: allDay });
	youth = w.actors.youth;
	const youthActor = (y: { id: string; structureId: string }) =>
		actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null });
	colleagueYouth = youthActor(w.youths.youthOfColleague);
	otherYouth = youthActor(w.youths.otherYouth);
});
afterAll(() => handle.close());

async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	return error as DomainError;
}

async function expectCode(promise: Promise<unknown>, code: string) {
	expect((await errorOf(promise)).code).toBe(code);
}

/** A youth of Lyon with a brand-new conversation (each test its own, so counts stay readable). */
async function freshYouth(referent = w.people.counselor) {
	const y = await aYouth(deps.db, w.structures.lyon.id, referent.id, { firstName: 'Yanis', lastName: `N${randomUUID().slice(0, 6)}` });
	const actor = actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null });
	const conversation = await aConversation(deps, actor, y.id);
	return { youthId: y.id, actor, conversation };
}

const messageCount = async (conversationId: string) =>
	(await deps.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conversationId)))[0]!.n;
const eventCount = async (db: Database = deps.db) => (await db.select({ n: count() }).from(realtimeEvents))[0]!.n;
const seqsOf = async (conversationId: string) =>
	(await deps.db.select({ seq: messages.seq }).from(messages).where(eq(messages.conversationId, conversationId))).map((r) => r.seq).sort((a, b) => a - b);

describe('who may use a conversation', () => {
	it('opens the youth’s one conversation for the youth and the staff of their structure, the same for all', async () => {
		const mine = await openConversation(deps, youth, w.youths.youth.id);
		expect(mine.youthId).toBe(w.youths.youth.id);
		expect(mine.structureId).toBe(w.structures.lyon.id);
		for (const staff of [w.actors.counselor, w.actors.counselor2, w.actors.manager]) {
			expect((await openConversation(deps, staff, w.youths.youth.id)).id).toBe(mine.id);
		}
		const rows = await deps.db.select().from(conversations).where(eq(conversations.youthId, w.youths.youth.id));
		expect(rows).toHaveLength(1);
	});

	it('is created once when opened concurrently', async () => {
		const y = await aYouth(deps.db, w.structures.lyon.id, w.people.counselor.id);
		const opened = await Promise.all(
			[w.actors.counselor, w.actors.counselor2, w.actors.manager, w.actors.counselor].map((a) => openConversation(deps, a, y.id))
		);
		expect(new Set(opened.map((c) => c.id)).size).toBe(1);
	});

	it('is "not found" for every outsider, and for unknown or forged ids', async () => {
		const conversation = await openConversation(deps, youth, w.youths.youth.id);
		await sendMessage(deps, youth, { conversationId: conversation.id, clientId: randomUUID(), body: 'Bonjour' });
		const outsiders: [string, Actor][] = [
			['counselor of Villeurbanne', w.actors.otherCounselor],
			['manager of Villeurbanne', w.actors.otherManager],
			['counselor of a far structure', w.actors.farCounselor],
			['manager of a far structure', w.actors.farManager],
			['network referent', w.actors.referent],
			['far referent', w.actors.farReferent],
			['mentor', w.actors.mentor],
			['company contact', w.actors.companyContact],
			['platform admin', w.actors.admin],
			['another youth of the same structure', colleagueYouth],
			['a youth of another structure', otherYouth]
		];
		for (const [who, actor] of outsiders) {
			await expectCode(openConversation(deps, actor, w.youths.youth.id), 'messaging.youth_not_found').catch((e) => {
				throw new Error(`${who}: ${String(e)}`);
			});
			await expectCode(
				sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Intrus' }),
				'messaging.conversation_not_found'
			);
			await expectCode(listMessages(deps, actor, conversation.id), 'messaging.conversation_not_found');
			await expectCode(markRead(deps, actor, { conversationId: conversation.id, seq: 1 }), 'messaging.conversation_not_found');
		}
		for (const forged of [randomUUID(), 'abc', "' or 1=1 --", '']) {
			await expectCode(listMessages(deps, youth, forged), 'messaging.conversation_not_found');
			await expectCode(openConversation(deps, w.actors.counselor, forged), 'messaging.youth_not_found');
			await expectCode(
				sendMessage(deps, w.actors.counselor, { conversationId: forged, clientId: randomUUID(), body: 'x' }),
				'messaging.conversation_not_found'
			);
		}
		// A professional's id is not a youth's: no conversation with a counselor.
		await expectCode(openConversation(deps, w.actors.manager, w.people.counselor.id), 'messaging.youth_not_found');
		for (const call of [
			openConversation(deps, null, w.youths.youth.id),
			listMessages(deps, null, conversation.id),
			sendMessage(deps, null, { conversationId: conversation.id, clientId: randomUUID(), body: 'x' })
		]) {
			expect((await errorOf(call)).kind).toBe('unauthenticated');
		}
		// Nothing of this reached the conversation.
		expect((await listMessages(deps, youth, conversation.id)).messages.map((m) => m.body)).not.toContain('Intrus');
	});

	it('lets the youth and the structure’s staff read and write, with their role and first name', async () => {
		const { actor, conversation } = await freshYouth();
		await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Bonjour, j’ai une question' });
		await sendMessage(deps, w.actors.counselor2, { conversationId: conversation.id, clientId: randomUUID(), body: 'Bonjour Yanis !' });
		await sendMessage(deps, w.actors.manager, { conversationId: conversation.id, clientId: randomUUID(), body: 'Je passe le relais.' });
		const page = await listMessages(deps, w.actors.counselor, conversation.id);
		expect(page.messages.map((m) => [m.seq, m.authorRole, m.authorName])).toEqual([
			[1, 'youth', 'Yanis'],
			[2, 'staff', 'Sophie'],
			[3, 'staff', 'Camille']
		]);
		const own = await getYouthConversation(deps, actor);
		expect(own?.conversationId).toBe(conversation.id);
		expect(own?.messages).toHaveLength(3);
		expect(await getYouthConversation(deps, w.actors.counselor)).toBeNull();
	});
});

describe('sending', () => {
	it('a retry with the same client id returns the same message and changes nothing', async () => {
		const { actor, conversation } = await freshYouth();
		const clientId = randomUUID();
		const first = await sendMessage(deps, actor, { conversationId: conversation.id, clientId, body: 'Une fois' });
		const events = await eventCount();
		tick();
		const retry = await sendMessage(deps, actor, { conversationId: conversation.id, clientId: clientId.toUpperCase(), body: 'Une fois' });
		expect(first.created).toBe(true);
		expect(retry.created).toBe(false);
		expect(retry.message).toEqual(first.message);
		expect(await messageCount(conversation.id)).toBe(1);
		expect(await eventCount()).toBe(events);
		const [row] = await deps.db.select().from(conversations).where(eq(conversations.id, conversation.id));
		expect(row!.nextSeq).toBe(1);
	});

	it('out-of-order retries keep the first sequence numbers and the next message follows', async () => {
		const { actor, conversation } = await freshYouth();
		const ids = [randomUUID(), randomUUID(), randomUUID()];
		for (const [i, clientId] of ids.entries()) {
			await sendMessage(deps, actor, { conversationId: conversation.id, clientId, body: `Message ${i + 1}` });
		}
		const retries = [];
		for (const i of [2, 0, 1, 0]) {
			retries.push(await sendMessage(deps, actor, { conversationId: conversation.id, clientId: ids[i]!, body: `Message ${i + 1}` }));
		}
		expect(retries.map((r) => [r.message.seq, r.created])).toEqual([
			[3, false],
			[1, false],
			[2, false],
			[1, false]
		]);
		const next = await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Suite' });
		expect(next.message.seq).toBe(4);
		expect(await seqsOf(conversation.id)).toEqual([1, 2, 3, 4]);
	});

	it('refuses a client id already used by someone else or in another conversation', async () => {
		const a = await freshYouth();
		const b = await freshYouth();
		const clientId = randomUUID();
		await sendMessage(deps, a.actor, { conversationId: a.conversation.id, clientId, body: 'À moi' });
		await expectCode(
			sendMessage(deps, w.actors.counselor, { conversationId: a.conversation.id, clientId, body: 'Vol d’identifiant' }),
			'messaging.id_reused'
		);
		await expectCode(sendMessage(deps, b.actor, { conversationId: b.conversation.id, clientId, body: 'Ailleurs' }), 'messaging.id_reused');
		expect(await messageCount(a.conversation.id)).toBe(1);
		expect(await messageCount(b.conversation.id)).toBe(0);
	});

	it('20 concurrent sends from both sides get sequence numbers 1 to 20, without gap or duplicate', async () => {
		const { actor, conversation } = await freshYouth();
		const senders = [actor, w.actors.counselor, w.actors.counselor2, w.actors.manager];
		const outcomes = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				sendMessage(deps, senders[i % senders.length]!, { conversationId: conversation.id, clientId: randomUUID(), body: `Rafale ${i}` })
			)
		);
		expect(outcomes.map((o) => o.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(await seqsOf(conversation.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		const [row] = await deps.db.select().from(conversations).where(eq(conversations.id, conversation.id));
		expect(row!.nextSeq).toBe(20);
		// One "message" event per message on the conversation's stream, in sequence order.
		const events = await deps.db
			.select()
			.from(realtimeEvents)
			.where(eq(realtimeEvents.stream, `conversation:${conversation.id}`))
			.orderBy(realtimeEvents.id);
		expect(events.map((e) => (e.payload as { seq: number }).seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
	});

	it('the same client id sent 6 times at once stores one message', async () => {
		const { actor, conversation } = await freshYouth();
		const clientId = randomUUID();
		const outcomes = await Promise.all(
			Array.from({ length: 6 }, () => sendMessage(deps, actor, { conversationId: conversation.id, clientId, body: 'Doublon ?' }))
		);
		expect(outcomes.filter((o) => o.created)).toHaveLength(1);
		expect(new Set(outcomes.map((o) => o.message.seq))).toEqual(new Set([1]));
		expect(await messageCount(conversation.id)).toBe(1);
		expect(
			(await deps.db.select({ n: count() }).from(realtimeEvents).where(eq(realtimeEvents.stream, `conversation:${conversation.id}`)))[0]!.n
		).toBe(1);
	});

	it('validates the text: trimmed, 1 to 4000 characters, no control characters, and writes nothing otherwise', async () => {
		const { actor, conversation } = await freshYouth();
		const events = await eventCount();
		const bad: [string, string][] = [
			['', 'Le message est vide.'],
			['   \n\t ', 'Le message est vide.'],
			['a'.repeat(4001), 'Le message est trop long (4000 caractères au plus).'],
			['Salut\u0007', 'Le message contient des caractères non autorisés.'],
			['Nul\u0000', 'Le message contient des caractères non autorisés.'],
			['Inversé \u202E', 'Le message contient des caractères non autorisés.']
		];
		for (const [body, message] of bad) {
			const error = await errorOf(sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body }));
			expect(error.kind).toBe('invalid');
			expect(error.fields.body).toBe(message);
		}
		const badId = await errorOf(sendMessage(deps, actor, { conversationId: conversation.id, clientId: 'pas-un-uuid', body: 'ok' }));
		expect(badId.fields.clientId).toBe('Identifiant de message invalide.');
		expect(await messageCount(conversation.id)).toBe(0);
		expect(await eventCount()).toBe(events);

		const long = await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: ` ${'é'.repeat(4000)} ` });
		expect(long.message.body).toHaveLength(4000);
		const lines = await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: '  Ligne 1\r\n\tLigne 2  ' });
		expect(lines.message.body).toBe('Ligne 1\n\tLigne 2');
	});
});

describe('flood brake', () => {
	it('lets a person send 60 messages in 10 minutes, then asks them to wait', async () => {
		const { actor } = await freshYouth();
		for (let i = 0; i < 60; i++) await throttleSends(deps, actor);
		const error = await errorOf(throttleSends(deps, actor).then(() => throttleSends(deps, actor)));
		expect(error.code).toBe('messaging.rate_limited');
		expect(error.message).toMatch(/^Trop de messages envoyés en peu de temps\. Nouvel envoi possible dans \d+ minutes?\.$/);
		tick(20);
		await throttleSends(deps, actor);
	});

	it('the forms’ send counts in the same statement: the 62nd message within 10 minutes is refused and not stored', async () => {
		const { actor, youthId, conversation } = await freshYouth();
		const send = (body: string) => sendMessageToYouth(deps, actor, { youthId, clientId: randomUUID(), body });
		// 60 free uses, the 61st goes through and locks the key.
		for (let i = 1; i <= 61; i++) await send(`Message ${i}`);
		expect((await errorOf(send('Encore un'))).code).toBe('messaging.rate_limited');
		expect(await messageCount(conversation.id)).toBe(61);
		tick(20);
		await send('Après la pause');
		expect(await messageCount(conversation.id)).toBe(62);
	});
});

describe('sending from the forms (by youth)', () => {
	it('the staff’s first message to a youth creates the conversation; the youth writes to their own', async () => {
		const y = await aYouth(deps.db, w.structures.lyon.id, w.people.counselor.id);
		const youthActor = actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null });
		const first = await sendMessageToYouth(deps, w.actors.counselor, { youthId: y.id.toUpperCase(), clientId: randomUUID(), body: 'Bienvenue !' });
		expect(first).toMatchObject({ created: true, message: { seq: 1, authorRole: 'staff' } });
		const answer = await sendMessageToYouth(deps, youthActor, { youthId: y.id, clientId: randomUUID(), body: 'Merci' });
		expect(answer.message).toMatchObject({ seq: 2, authorRole: 'youth', conversationId: first.message.conversationId });
		const rows = await deps.db.select().from(conversations).where(eq(conversations.youthId, y.id));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ nextSeq: 2 });
	});

	it('is "not found" for a youth writing to another youth, for outsiders, and for forged ids; nothing is stored', async () => {
		const before = await eventCount();
		const attempts: [Actor, string, string][] = [
			[colleagueYouth, w.youths.youth.id, 'messaging.youth_not_found'],
			[otherYouth, w.youths.youth.id, 'messaging.youth_not_found'],
			[w.actors.otherCounselor, w.youths.youth.id, 'messaging.youth_not_found'],
			[w.actors.farManager, w.youths.youth.id, 'messaging.youth_not_found'],
			[w.actors.mentor, w.youths.youth.id, 'messaging.youth_not_found'],
			[w.actors.referent, w.youths.youth.id, 'messaging.youth_not_found'],
			[w.actors.admin, w.youths.youth.id, 'messaging.youth_not_found'],
			[w.actors.counselor, randomUUID(), 'messaging.youth_not_found'],
			[w.actors.counselor, "' or 1=1 --", 'messaging.youth_not_found'],
			[w.actors.counselor, w.people.counselor.id, 'messaging.youth_not_found']
		];
		for (const [actor, youthId, code] of attempts) {
			await expectCode(sendMessageToYouth(deps, actor, { youthId, clientId: randomUUID(), body: 'Intrus' }), code);
			// Bad input on someone else's conversation is "not found" too, not a validation message.
			await expectCode(sendMessageToYouth(deps, actor, { youthId, clientId: 'pas-un-id', body: '' }), code);
		}
		expect(await eventCount()).toBe(before);
	});

	it('says which access each role has as the scope the database checks, the same as canUseConversation', async () => {
		const places = Object.values(w.youths).map((y) => ({ youthId: y.id, structureId: y.structureId }));
		for (const [name, actor] of Object.entries(w.actors)) {
			const scope = conversationScopeOf(actor);
			for (const place of places) {
				const inScope = scope !== null && scope.structureId === place.structureId && (scope.youthId === null || scope.youthId === place.youthId);
				expect(inScope, `${name} on ${place.youthId}`).toBe(canUseConversation(actor, place));
			}
		}
	});
});

describe('read marks and unread counts', () => {
	it('markRead never goes backwards and never beyond the last message', async () => {
		const { actor, conversation } = await freshYouth();
		await someMessages(deps, actor, conversation.id, 5);
		expect(await markRead(deps, w.actors.counselor, { conversationId: conversation.id, seq: 3 })).toEqual({ lastReadSeq: 3 });
		expect(await markRead(deps, w.actors.counselor, { conversationId: conversation.id, seq: 1 })).toEqual({ lastReadSeq: 3 });
		expect(await markRead(deps, w.actors.counselor, { conversationId: conversation.id, seq: 999 })).toEqual({ lastReadSeq: 5 });
		expect(await markRead(deps, w.actors.counselor, { conversationId: conversation.id, seq: Number.NaN })).toEqual({ lastReadSeq: 5 });
		const [row] = await deps.db
			.select()
			.from(conversationReads)
			.where(and(eq(conversationReads.conversationId, conversation.id), eq(conversationReads.userId, w.people.counselor.id)));
		expect(row!.lastReadSeq).toBe(5);
	});

	it('counts what each person has not read; writing marks as read', async () => {
		// A structure of its own so that other tests' conversations do not add up.
		const referent = w.people.counselor2;
		const referentActor = w.actors.counselor2;
		const { actor, conversation } = await freshYouth(referent);
		const before = await unreadCount(deps, referentActor);
		await someMessages(deps, actor, conversation.id, 3, 'Question');
		expect(await unreadCount(deps, referentActor)).toBe(before + 3);
		expect(await unreadCount(deps, actor)).toBe(0);
		await sendMessage(deps, referentActor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Réponse' });
		expect(await unreadCount(deps, referentActor)).toBe(before);
		// The youth's own three messages are read by them: only the answer is new.
		expect(await unreadCount(deps, actor)).toBe(1);
		await markRead(deps, actor, { conversationId: conversation.id, seq: 4 });
		expect(await unreadCount(deps, actor)).toBe(0);
		// Outsiders have nothing unread, whatever happens here.
		expect(await unreadCount(deps, w.actors.mentor)).toBe(0);
		expect(await unreadCount(deps, w.actors.otherCounselor)).toBe(0);
	});
});

describe('the staff inbox (morning queue)', () => {
	it('lists unanswered conversations first, longest wait first, with unread counts; an answer ends the wait', async () => {
		const first = await freshYouth();
		const second = await freshYouth();
		const answered = await freshYouth();
		clock = new Date('2025-03-11T22:30:00Z');
		await sendMessage(deps, first.actor, { conversationId: first.conversation.id, clientId: randomUUID(), body: 'Tu es là ?' });
		tick(30);
		await sendMessage(deps, first.actor, { conversationId: first.conversation.id, clientId: randomUUID(), body: 'Bon, demain alors' });
		tick(60);
		await sendMessage(deps, second.actor, { conversationId: second.conversation.id, clientId: randomUUID(), body: 'Bonsoir' });
		await sendMessage(deps, answered.actor, { conversationId: answered.conversation.id, clientId: randomUUID(), body: 'Merci' });
		await sendMessage(deps, w.actors.counselor2, { conversationId: answered.conversation.id, clientId: randomUUID(), body: 'Avec plaisir' });
		clock = new Date('2025-03-12T08:00:00Z');

		const queue = await listConversationsForStaff(deps, w.actors.counselor);
		const ours = queue.filter((c) => [first, second, answered].some((x) => x.conversation.id === c.conversationId));
		expect(ours.map((c) => c.conversationId)).toEqual([first.conversation.id, second.conversation.id, answered.conversation.id]);
		expect(ours[0]).toMatchObject({ waitingMinutes: 570, unread: 2, isMine: true });
		expect(ours[1]).toMatchObject({ waitingMinutes: 480, unread: 1 });
		expect(ours[2]).toMatchObject({ waitingSince: null, waitingMinutes: null, unread: 2 });
		// Waiting conversations always come before the others.
		const firstNotWaiting = queue.findIndex((c) => !c.waitingSince);
		expect(queue.slice(firstNotWaiting).every((c) => !c.waitingSince)).toBe(true);

		await sendMessage(deps, w.actors.manager, { conversationId: first.conversation.id, clientId: randomUUID(), body: 'Bonjour !' });
		const after = await listConversationsForStaff(deps, w.actors.counselor);
		expect(after.find((c) => c.conversationId === first.conversation.id)!.waitingSince).toBeNull();
		expect((await listConversationsForStaff(deps, w.actors.counselor, { filter: 'mine' })).every((c) => c.isMine)).toBe(true);

		for (const outsider of [w.actors.otherCounselor, w.actors.referent, w.actors.mentor, w.actors.admin, youth]) {
			const seen = await listConversationsForStaff(deps, outsider);
			expect(seen.some((c) => [first, second, answered].some((x) => x.conversation.id === c.conversationId))).toBe(false);
		}
	});

	it('lists messages after a sequence number (resuming) or the latest ones', async () => {
		const { actor, conversation } = await freshYouth();
		await someMessages(deps, actor, conversation.id, 8);
		const resumed = await listMessages(deps, w.actors.counselor, conversation.id, { afterSeq: 5, limit: 50 });
		expect(resumed.messages.map((m) => m.seq)).toEqual([6, 7, 8]);
		const latest = await listMessages(deps, w.actors.counselor, conversation.id, { limit: 3 });
		expect(latest.messages.map((m) => m.seq)).toEqual([6, 7, 8]);
		expect(latest.hasOlder).toBe(true);
		expect(latest.lastSeq).toBe(8);
	});
});

describe('group messages', () => {
	it('delivers one message in each youth’s conversation, idempotent on retry', async () => {
		const a = await freshYouth();
		const b = await freshYouth(w.people.counselor2);
		const c = await aYouth(deps.db, w.structures.lyon.id, w.people.counselor.id); // no conversation yet
		const clientId = randomUUID();
		const input = { youthIds: [a.youthId, b.youthId, c.id, a.youthId], clientId, body: 'Atelier CV jeudi 14 h à la Mission Locale' };
		const first = await sendToGroup(deps, w.actors.counselor, input);
		expect(first).toMatchObject({ sent: 3, alreadySent: 0 });
		const events = await eventCount();
		const retry = await sendToGroup(deps, w.actors.counselor, input);
		expect(retry).toMatchObject({ sent: 0, alreadySent: 3 });
		expect(retry.messages.map((m) => m.id).sort()).toEqual(first.messages.map((m) => m.id).sort());
		expect(await eventCount()).toBe(events);
		for (const youthId of [a.youthId, b.youthId, c.id]) {
			const [conversation] = await deps.db.select().from(conversations).where(eq(conversations.youthId, youthId));
			const rows = await deps.db.select().from(messages).where(eq(messages.conversationId, conversation!.id));
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ id: groupMessageId(clientId, youthId), authorRole: 'staff', body: input.body });
		}
		// The youth sees it as a message of their own conversation.
		const cActor = actorOf({ id: c.id, role: 'youth', structureId: c.structureId, networkId: null, companyId: null });
		expect((await getYouthConversation(deps, cActor))?.messages.map((m) => m.body)).toEqual([input.body]);
	});

	it('sends nothing at all when one youth is not followed by the structure', async () => {
		const a = await freshYouth();
		const events = await eventCount();
		for (const foreign of [w.youths.otherYouth.id, w.youths.farYouth.id, randomUUID(), w.people.counselor2.id]) {
			await expectCode(
				sendToGroup(deps, w.actors.counselor, { youthIds: [a.youthId, foreign], clientId: randomUUID(), body: 'Info' }),
				'messaging.youth_not_found'
			);
		}
		expect(await messageCount(a.conversation.id)).toBe(0);
		expect(await eventCount()).toBe(events);
		for (const notStaff of [youth, w.actors.referent, w.actors.admin, w.actors.mentor]) {
			await expectCode(
				sendToGroup(deps, notStaff, { youthIds: [a.youthId], clientId: randomUUID(), body: 'Info' }),
				'messaging.youth_not_found'
			);
		}
		const invalid = await errorOf(sendToGroup(deps, w.actors.counselor, { youthIds: [], clientId: randomUUID(), body: 'Info' }));
		expect(invalid.fields.youthIds).toBe('Choisissez au moins une personne.');
	});
});

describe('realtime events', () => {
	it('publishes the message on the conversation stream and an unread hint for the other participants', async () => {
		const { youthId, actor, conversation } = await freshYouth();
		await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Coucou' });
		await markRead(deps, w.actors.counselor, { conversationId: conversation.id, seq: 1 });
		const reply = await sendMessage(deps, w.actors.counselor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Salut' });
		const events = await deps.db
			.select()
			.from(realtimeEvents)
			.orderBy(realtimeEvents.id)
			.then((rows) => rows.filter((e) => JSON.stringify(e.payload).includes(conversation.id)));
		const onConversation = events.filter((e) => e.stream === `conversation:${conversation.id}`);
		expect(onConversation.map((e) => [e.type, (e.payload as { body: string }).body])).toEqual([
			['message', 'Coucou'],
			['message', 'Salut']
		]);
		const unread = events.filter((e) => e.type === 'unread').map((e) => [e.stream, (e.payload as { seq: number }).seq]);
		// The youth's first message: nobody else known yet but the structure's inbox; the reply: the youth.
		expect(unread).toEqual([[`user:${youthId}`, reply.message.seq]]);
		expect(events.filter((e) => e.stream === `structure:${w.structures.lyon.id}`)).toHaveLength(2);
		// Now that the counselor has read it, a youth message notifies them personally.
		await sendMessage(deps, actor, { conversationId: conversation.id, clientId: randomUUID(), body: 'Merci' });
		const [last] = await deps.db
			.select()
			.from(realtimeEvents)
			.where(and(eq(realtimeEvents.stream, `user:${w.people.counselor.id}`), eq(realtimeEvents.type, 'unread')))
			.orderBy(realtimeEvents.id);
		expect(last).toBeDefined();
	});

	it('are written in the sending transaction: rolled back with it', async () => {
		const { actor, conversation } = await freshYouth();
		const events = await eventCount();
		const outcome = await deps.db
			.transaction(async (tx) => {
				await sendMessage({ db: tx as unknown as Database, now: deps.now }, actor, {
					conversationId: conversation.id,
					clientId: randomUUID(),
					body: 'Jamais arrivé'
				});
				throw new Error('boom after send');
			})
			.then(
				() => 'committed',
				(e: Error) => e.message
			);
		expect(outcome).toBe('boom after send');
		expect(await messageCount(conversation.id)).toBe(0);
		expect(await eventCount()).toBe(events);
		const [row] = await deps.db.select().from(conversations).where(eq(conversations.id, conversation.id));
		expect(row!.nextSeq).toBe(0);
	});

	it('lets each person listen only to their own streams', async () => {
		const { youthId, actor, conversation } = await freshYouth();
		expect(await realtimeStreamsFor(deps, actor, { conversationId: randomUUID() })).toEqual([
			`user:${youthId}`,
			`conversation:${conversation.id}`
		]);
		expect(await realtimeStreamsFor(deps, w.actors.counselor, { conversationId: conversation.id })).toEqual([
			`user:${w.people.counselor.id}`,
			`structure:${w.structures.lyon.id}`,
			`conversation:${conversation.id}`
		]);
		for (const outsider of [w.actors.otherCounselor, w.actors.farManager]) {
			const streams = await realtimeStreamsFor(deps, outsider, { conversationId: conversation.id });
			expect(streams.some((s) => s.includes(conversation.id) || s.includes(w.structures.lyon.id))).toBe(false);
		}
		for (const outsider of [w.actors.referent, w.actors.mentor, w.actors.admin]) {
			expect(await realtimeStreamsFor(deps, outsider, { conversationId: conversation.id })).toEqual([`user:${outsider.userId}`]);
		}
		// Another youth gets their own conversation, never this one.
		const colleagueStreams = await realtimeStreamsFor(deps, colleagueYouth, { conversationId: conversation.id });
		expect(colleagueStreams).not.toContain(`conversation:${conversation.id}`);
		expect(colleagueStreams).toHaveLength(2);
		expect((await errorOf(realtimeStreamsFor(deps, null))).kind).toBe('unauthenticated');
	});

	it('gives a youth whose conversation does not exist yet a stream that already carries it: the first messages reach it', async () => {
		const y = await aYouth(deps.db, w.structures.lyon.id, w.people.counselor.id, { firstName: 'Inès', lastName: `N${randomUUID().slice(0, 6)}` });
		const actor = actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null });
		expect(await deps.db.select().from(conversations).where(eq(conversations.youthId, y.id))).toHaveLength(0);
		const streams = await realtimeStreamsFor(deps, actor);
		const [created] = await deps.db.select().from(conversations).where(eq(conversations.youthId, y.id));
		expect(streams).toEqual([`user:${y.id}`, `conversation:${created!.id}`]);
		// The counselor's first message goes to that very conversation, hence to the stream opened before it.
		const opened = await openConversation(deps, w.actors.counselor, y.id);
		expect(opened.id).toBe(created!.id);
		const sent = await sendMessage(deps, w.actors.counselor, { conversationId: opened.id, clientId: randomUUID(), body: 'Bienvenue !' });
		const [event] = await deps.db
			.select()
			.from(realtimeEvents)
			.where(and(eq(realtimeEvents.stream, `conversation:${created!.id}`), eq(realtimeEvents.type, 'message')));
		expect((event!.payload as { id: string }).id).toBe(sent.message.id);
	});
});
