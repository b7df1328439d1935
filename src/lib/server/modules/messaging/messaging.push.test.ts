import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { jobs } from '$lib/server/platform/jobs/jobs.schema';
import { pushSubscriptions } from '$lib/server/platform/push';
import { startPushSink, type PushDevice, type PushSink } from '$lib/server/platform/push/push-sink';
import { hashToken } from '$lib/server/platform/session';
import { actorOf, aCompany, aNetwork, aProfessional, aSite, aStructure, aYouth } from '$lib/server/testing/world';
import { aConversation } from './messaging.fixtures';
import { disablePush, enablePush, getPushSettings, pushHandler, PUSH_JOB, PUSH_RUN_EVERY_SECONDS, sendPushNotifications } from './messaging.push';
import { markRead, postSystemMessage, sendMessage } from './messaging.usecases';

let handle: DatabaseHandle;
let sink: PushSink;
let deps: Deps;
let clock = new Date('2025-03-10T09:00:00Z');
let structureId: string;
let otherStructureId: string;

const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

beforeAll(async () => {
	handle = await createTestDatabase();
	sink = await startPushSink();
	deps = buildDeps(handle, {
		config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent', PUSH_SERVICE_HOSTS: sink.host }),
		now: () => clock
	});
	const network = await aNetwork(deps.db);
	structureId = (await aStructure(deps.db, network.id, { name: 'Mission Locale des Notifications' })).id;
	otherStructureId = (await aStructure(deps.db, network.id, { name: 'Mission Locale Voisine' })).id;
	for (const id of [structureId, otherStructureId]) {
		// Always open: no night replies in these counts.
		await aSite(deps.db, id, { openingHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' })) });
	}
});
afterAll(async () => {
	await sink.close();
	await handle.close();
});

async function aCounselor(structure = structureId) {
	return actorOf(await aProfessional(deps.db, 'counselor', { structureId: structure }, { firstName: 'Nadia' }));
}

async function aYouthOf(counselor: Actor) {
	const y = await aYouth(deps.db, structureId, counselor.userId, { firstName: 'Yasmine' });
	const actor = actorOf({ id: y.id, role: 'youth', structureId, networkId: null, companyId: null });
	const conversation = await aConversation(deps, actor, y.id);
	return { actor, conversation };
}

/** A signed-in device of `actor` that turned notifications on: its session and its push keys. */
async function aPhone(actor: Actor) {
	const { token } = await deps.sessions.create({ userId: actor.userId, method: 'password' });
	const sessionId = hashToken(token);
	const device = sink.newDevice();
	await enablePush(deps, actor, sessionId, device);
	return { sessionId, device };
}

const say = (actor: Actor, conversationId: string, body: string) => sendMessage(deps, actor, { conversationId, clientId: randomUUID(), body });
const pushesTo = (device: PushDevice) => sink.pushes.filter((p) => p.device === device.endpoint);
const shown = (device: PushDevice, i = -1) => JSON.parse(pushesTo(device).at(i)?.plaintext ?? 'null') as { title: string; body: string; url: string; tag: string } | null;

describe('web push notifications of unread messages', () => {
	it('rings the youth’s phone for a counselor’s message, without any content, once per new message', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		const phone = await aPhone(y.actor);
		await say(counselor, y.conversation.id, 'Secret : ton rendez-vous chez le garagiste');
		await sendPushNotifications(deps);
		expect(pushesTo(phone.device)).toHaveLength(1);
		expect(pushesTo(phone.device)[0]!.problem).toBeNull();
		expect(shown(phone.device)).toEqual({ title: 'Tremplin', body: 'Tu as un nouveau message de ta Mission Locale.', url: '/jeune/messages', tag: 'messages' });
		expect(pushesTo(phone.device)[0]!.plaintext).not.toMatch(/Secret|garagiste/);
		// Nothing new: no second notification.
		later(1);
		await sendPushNotifications(deps);
		expect(pushesTo(phone.device)).toHaveLength(1);
		// A new message: the notification (same tag, replacing the first) counts both unread ones.
		await say(counselor, y.conversation.id, 'Secret 2');
		later(1);
		await sendPushNotifications(deps);
		expect(pushesTo(phone.device)).toHaveLength(2);
		expect(shown(phone.device)?.body).toBe('Tu as 2 messages non lus de ta Mission Locale.');
		// Read on Tremplin, then a new message: one unread again.
		await markRead(deps, y.actor, { conversationId: y.conversation.id, seq: 2 });
		await say(counselor, y.conversation.id, 'Secret 3');
		later(1);
		await sendPushNotifications(deps);
		expect(shown(phone.device)?.body).toBe('Tu as un nouveau message de ta Mission Locale.');
	});

	it('rings for automatic messages (a video call, a reminder) but not for the youth’s own', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		const phone = await aPhone(y.actor);
		await say(y.actor, y.conversation.id, 'Bonjour');
		await sendPushNotifications(deps);
		expect(pushesTo(phone.device)).toHaveLength(0);
		await postSystemMessage(deps, { youthId: y.actor.userId, id: randomUUID(), body: 'Ta Mission Locale te propose un appel vidéo maintenant' });
		later(1);
		await sendPushNotifications(deps);
		expect(pushesTo(phone.device)).toHaveLength(1);
	});

	it('tells the referent counselor how many youth messages wait, from how many youth; not other counselors', async () => {
		const counselor = await aCounselor();
		const colleague = await aCounselor();
		const elsewhere = await aCounselor(otherStructureId);
		const a = await aYouthOf(counselor);
		const b = await aYouthOf(counselor);
		const desk = await aPhone(counselor);
		const colleagueDesk = await aPhone(colleague);
		const elsewhereDesk = await aPhone(elsewhere);
		await say(a.actor, a.conversation.id, 'J’ai trouvé un stage');
		await say(a.actor, a.conversation.id, 'Chez un boulanger');
		await say(b.actor, b.conversation.id, 'Je serai en retard');
		later(1);
		await sendPushNotifications(deps);
		expect(shown(desk.device)).toEqual({ title: 'Tremplin', body: '3 messages non lus de 2 jeunes que vous accompagnez.', url: '/pro/messages', tag: 'messages' });
		expect(pushesTo(desk.device)[0]!.plaintext).not.toMatch(/stage|boulanger|retard/);
		expect(pushesTo(colleagueDesk.device)).toHaveLength(0);
		expect(pushesTo(elsewhereDesk.device)).toHaveLength(0);
		// A day later, one new message: the count still has the older unread ones, including those
		// of a conversation quiet since (the job starts from the conversations active in the last day).
		later(26 * 60);
		await say(b.actor, b.conversation.id, 'Finalement je viens demain');
		later(1);
		await sendPushNotifications(deps);
		expect(pushesTo(desk.device)).toHaveLength(2);
		expect(shown(desk.device)?.body).toBe('4 messages non lus de 2 jeunes que vous accompagnez.');
	});

	it('rings every device of the person, stops when they sign out of one, and never for day-old messages', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		const phone = await aPhone(y.actor);
		const tablet = await aPhone(y.actor);
		await say(counselor, y.conversation.id, 'Un');
		later(1);
		await sendPushNotifications(deps);
		expect(pushesTo(phone.device)).toHaveLength(1);
		expect(pushesTo(tablet.device)).toHaveLength(1);
		// "Mes appareils" shows which sessions get notifications.
		const listed = await deps.sessions.listForUser(y.actor.userId);
		expect(listed.filter((s) => s.notifications).map((s) => s.id).sort()).toEqual([phone.sessionId, tablet.sessionId].sort());
		// Signing out of the tablet deletes its session, and the subscription with it.
		await deps.sessions.revoke(tablet.sessionId);
		await say(counselor, y.conversation.id, 'Deux');
		later(1);
		await sendPushNotifications(deps);
		expect(pushesTo(phone.device)).toHaveLength(2);
		expect(pushesTo(tablet.device)).toHaveLength(1);
		// A message older than a day is never announced (a phone back after a week away stays quiet).
		const quiet = await aYouthOf(counselor);
		await say(counselor, quiet.conversation.id, 'Ancien');
		later(25 * 60);
		const late = await aPhone(quiet.actor);
		await sendPushNotifications(deps);
		expect(pushesTo(late.device)).toHaveLength(0);
	});

	it('forgets a device its push service says is gone, and one that keeps failing', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		const gone = await aPhone(y.actor);
		const broken = await aPhone(y.actor);
		sink.answer(gone.device.endpoint, 410);
		sink.answer(broken.device.endpoint, 500);
		for (let i = 0; i < 5; i++) {
			await say(counselor, y.conversation.id, `Message ${i}`);
			later(1);
			await sendPushNotifications(deps);
		}
		const left = await deps.db.select({ endpoint: pushSubscriptions.endpoint }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, y.actor.userId));
		expect(left).toEqual([]);
		expect(pushesTo(gone.device)).toHaveLength(1);
		expect(pushesTo(broken.device)).toHaveLength(5);
	});

	it('announces the same messages once even when two processes run the job together', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		const phone = await aPhone(y.actor);
		await say(counselor, y.conversation.id, 'Une fois');
		later(1);
		await Promise.all([sendPushNotifications(deps), sendPushNotifications(deps), sendPushNotifications(deps)]);
		expect(pushesTo(phone.device)).toHaveLength(1);
	});

	it('is a recurring job that schedules its next run', async () => {
		await pushHandler(deps)();
		const pending = await deps.db.select({ runAt: jobs.runAt }).from(jobs).where(eq(jobs.kind, PUSH_JOB));
		expect(pending.some((j) => j.runAt.getTime() === clock.getTime() + PUSH_RUN_EVERY_SECONDS * 1000)).toBe(true);
	});
});

describe('turning notifications on and off', () => {
	it('a device registered by someone else (a shared phone) now belongs to the new person only', async () => {
		const counselor = await aCounselor();
		const first = await aYouthOf(counselor);
		const second = await aYouthOf(counselor);
		const phone = await aPhone(first.actor);
		const { token } = await deps.sessions.create({ userId: second.actor.userId, method: 'password' });
		await enablePush(deps, second.actor, hashToken(token), phone.device);
		await say(counselor, first.conversation.id, 'Pour la première');
		later(1);
		await sendPushNotifications(deps);
		expect(pushesTo(phone.device)).toHaveLength(0);
		expect((await getPushSettings(deps, second.actor, hashToken(token))).endpoints).toEqual([phone.device.endpoint]);
		expect((await getPushSettings(deps, first.actor, phone.sessionId)).endpoints).toEqual([]);
	});

	it('keeps at most 10 devices per person: the oldest ones are forgotten', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		const phones = [];
		for (let i = 0; i < 12; i++) {
			phones.push(await aPhone(y.actor));
			later(1);
		}
		const left = await deps.db.select({ endpoint: pushSubscriptions.endpoint }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, y.actor.userId));
		expect(left).toHaveLength(10);
		expect(left.map((r) => r.endpoint).sort()).toEqual(phones.slice(2).map((p) => p.device.endpoint).sort());
	});

	it('turns off only the person’s own device', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		const other = await aYouthOf(counselor);
		const phone = await aPhone(y.actor);
		await disablePush(deps, other.actor, phone.device.endpoint);
		expect((await getPushSettings(deps, y.actor, phone.sessionId)).endpoints).toEqual([phone.device.endpoint]);
		await disablePush(deps, y.actor, phone.device.endpoint);
		expect((await getPushSettings(deps, y.actor, phone.sessionId)).endpoints).toEqual([]);
	});

	it('refuses an address outside the push services, malformed keys, and roles without messages', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		const { token } = await deps.sessions.create({ userId: y.actor.userId, method: 'password' });
		const device = sink.newDevice();
		const attempts = [
			{ ...device, endpoint: 'http://169.254.169.254/latest/meta-data' },
			{ ...device, endpoint: 'http://127.0.0.1:5432/' },
			{ ...device, p256dh: 'abc' },
			{ ...device, auth: '' }
		];
		for (const target of attempts) {
			const error = await enablePush(deps, y.actor, hashToken(token), target).catch((e: unknown) => e);
			expect(isDomainError(error) && error.code).toBe('messaging.push_invalid');
		}
		const mentor = actorOf(await aProfessional(deps.db, 'mentor', { companyId: (await aCompany(deps.db)).id }));
		const mentorSession = hashToken((await deps.sessions.create({ userId: mentor.userId, method: 'password' })).token);
		const refused = await enablePush(deps, mentor, mentorSession, device).catch((e: unknown) => e);
		expect(isDomainError(refused) && refused.code).toBe('messaging.push_unavailable');
		expect((await getPushSettings(deps, mentor, mentorSession)).available).toBe(false);
		expect(await deps.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, y.actor.userId))).toEqual([]);
	});
});
