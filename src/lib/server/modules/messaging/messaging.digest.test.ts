import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { jobs } from '$lib/server/platform/jobs/jobs.schema';
import { startSmtpSink, type SmtpSink } from '$lib/server/platform/mail/smtp-sink';
import { actorOf, aNetwork, aProfessional, aSite, aStructure, aYouth } from '$lib/server/testing/world';
import { aConversation } from './messaging.fixtures';
import { digestHandler, DIGEST_JOB, getDigestPreference, sendUnreadDigests, setDigestPreference } from './messaging.digest';
import { listMessages } from './messaging.queries';
import { markRead, postSystemMessage, sendMessage } from './messaging.usecases';

let handle: DatabaseHandle;
let sink: SmtpSink;
let deps: Deps;
let clock = new Date('2025-03-10T09:00:00Z');
let structureId: string;

const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

beforeAll(async () => {
	handle = await createTestDatabase();
	sink = await startSmtpSink();
	deps = buildDeps(handle, {
		config: readConfig({ SMTP_URL: sink.url, TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent', ORIGIN: 'https://tremplin.example.org' }),
		now: () => clock
	});
	const network = await aNetwork(deps.db);
	structureId = (await aStructure(deps.db, network.id, { name: 'Mission Locale du Résumé' })).id;
	// Always open: no night replies in these counts.
	await aSite(deps.db, structureId, { openingHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' })) });
});
afterAll(async () => {
	await sink.close();
	await handle.close();
});

async function aCounselor() {
	const c = await aProfessional(deps.db, 'counselor', { structureId }, { firstName: 'Nadia' });
	return { ...actorOf(c), email: c.email as string };
}

async function aYouthOf(counselor: Actor, email: string | null = `jeune-${randomUUID().slice(0, 8)}@exemple.test`) {
	const y = await aYouth(deps.db, structureId, counselor.userId, { firstName: 'Yasmine', email });
	const actor = actorOf({ id: y.id, role: 'youth', structureId, networkId: null, companyId: null });
	const conversation = await aConversation(deps, actor, y.id);
	return { actor, conversation, email };
}

const say = (actor: Actor, conversationId: string, body: string) => sendMessage(deps, actor, { conversationId, clientId: randomUUID(), body });
const mailsTo = (address: string | null) => sink.messages.filter((m) => address && m.to.includes(address));
/** The Subject header of a raw message: unfolded, its RFC 2047 encoded words (non-ASCII subjects) decoded. */
function subjectOf(raw: string): string {
	const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
	const qp = (text: string) => Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
	return header
		.replace(/\r?\n[ \t]/g, ' ')
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_m, text: string) => qp(text));
}

describe('e-mail digest of unread messages', () => {
	it('tells the youth how many messages wait, after 30 minutes, without any content, once', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		await say(counselor, y.conversation.id, 'Secret 1 : ton rendez-vous chez le garagiste');
		await say(counselor, y.conversation.id, 'Secret 2 : apporte ton CV');
		later(10);
		await sendUnreadDigests(deps);
		expect(mailsTo(y.email)).toHaveLength(0);
		later(25);
		await sendUnreadDigests(deps);
		const mail = await sink.waitForMessage((m) => m.to.includes(y.email!));
		expect(subjectOf(mail.raw)).toContain('Tu as 2 messages non lus sur Tremplin');
		expect(mail.decoded).toContain('https://tremplin.example.org/jeune/messages');
		expect(mail.decoded).toContain('https://tremplin.example.org/compte');
		expect(mail.decoded).not.toMatch(/Secret|garagiste|CV/);
		// Nothing new: no second e-mail. A new message within 6 hours: still none.
		later(5);
		await sendUnreadDigests(deps);
		await say(counselor, y.conversation.id, 'Secret 3');
		later(120);
		await sendUnreadDigests(deps);
		expect(mailsTo(y.email)).toHaveLength(1);
		// Six hours after the first one: a digest for the new message only.
		later(6 * 60);
		await sendUnreadDigests(deps);
		expect(mailsTo(y.email)).toHaveLength(2);
		expect(subjectOf(mailsTo(y.email)[1]!.raw)).toContain('Tu as 1 message non lu sur Tremplin');
	});

	it('tells the referent counselor how many youth messages wait, from how many youth', async () => {
		const counselor = await aCounselor();
		const a = await aYouthOf(counselor);
		const b = await aYouthOf(counselor);
		await say(a.actor, a.conversation.id, 'Bonjour, j’ai trouvé un stage');
		await say(a.actor, a.conversation.id, 'Chez un boulanger');
		await say(b.actor, b.conversation.id, 'Je serai en retard');
		later(31);
		await sendUnreadDigests(deps);
		const mail = await sink.waitForMessage((m) => m.to.includes(counselor.email));
		expect(subjectOf(mail.raw)).toContain('Vous avez 3 messages non lus de 2 jeunes sur Tremplin');
		expect(mail.decoded).toContain('https://tremplin.example.org/pro/messages');
		expect(mail.decoded).not.toMatch(/stage|boulanger|retard/);
		// Seven hours later, one new message of b: a digest of it alone (a's conversation, quiet
		// since the first digest, is skipped).
		later(7 * 60);
		await say(b.actor, b.conversation.id, 'Finalement je viens demain');
		later(31);
		await sendUnreadDigests(deps);
		expect(mailsTo(counselor.email)).toHaveLength(2);
		expect(subjectOf(mailsTo(counselor.email)[1]!.raw)).toContain('Vous avez 1 message non lu d’un jeune sur Tremplin');
	});

	it('sends nothing for read messages, automatic messages, no e-mail address, or when turned off', async () => {
		const counselor = await aCounselor();
		const read = await aYouthOf(counselor);
		await say(counselor, read.conversation.id, 'Lu à temps');
		await markRead(deps, read.actor, { conversationId: read.conversation.id, seq: (await listMessages(deps, read.actor, read.conversation.id)).lastSeq });
		const automatic = await aYouthOf(counselor);
		await postSystemMessage(deps, { youthId: automatic.actor.userId, id: randomUUID(), body: 'Rappel : rendez-vous demain.' });
		const noEmail = await aYouthOf(counselor, null);
		await say(counselor, noEmail.conversation.id, 'Sans adresse');
		const off = await aYouthOf(counselor);
		expect(await getDigestPreference(deps, off.actor)).toBe(true);
		await setDigestPreference(deps, off.actor, false);
		expect(await getDigestPreference(deps, off.actor)).toBe(false);
		await say(counselor, off.conversation.id, 'Pas d’e-mail');
		later(40);
		await sendUnreadDigests(deps);
		for (const y of [read, automatic, off]) expect(mailsTo(y.email)).toHaveLength(0);
		// Turned on again: the waiting message gets its digest.
		await setDigestPreference(deps, off.actor, true);
		await sendUnreadDigests(deps);
		expect(mailsTo(off.email)).toHaveLength(1);
	});

	it('two runs at once send one e-mail per person', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		await say(counselor, y.conversation.id, 'Un message');
		later(31);
		const [first, second] = await Promise.all([sendUnreadDigests(deps), sendUnreadDigests(deps)]);
		expect(first + second).toBeGreaterThanOrEqual(1);
		await sink.waitForMessage((m) => m.to.includes(y.email!));
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(mailsTo(y.email)).toHaveLength(1);
	});

	it('is not set off by unread messages older than three days, but counts them when a new one arrives', async () => {
		const counselor = await aCounselor();
		const y = await aYouthOf(counselor);
		await setDigestPreference(deps, y.actor, false);
		await say(counselor, y.conversation.id, 'Message resté sans digest');
		later(40);
		await sendUnreadDigests(deps);
		await setDigestPreference(deps, y.actor, true);
		// Four days later, digests on again: that old message alone calls for nothing.
		later(4 * 24 * 60);
		await sendUnreadDigests(deps);
		expect(mailsTo(y.email)).toHaveLength(0);
		// A new one does, and the digest counts both.
		await say(counselor, y.conversation.id, 'Nouveau message');
		later(40);
		await sendUnreadDigests(deps);
		expect(mailsTo(y.email)).toHaveLength(1);
		expect(subjectOf(mailsTo(y.email)[0]!.raw)).toBe('Tu as 2 messages non lus sur Tremplin');
	});

	it('the recurring job schedules its next run in 15 minutes', async () => {
		const handler = digestHandler({ ...deps });
		await handler();
		const pending = await deps.db
			.select()
			.from(jobs)
			.where(and(eq(jobs.kind, DIGEST_JOB), isNull(jobs.doneAt)));
		expect(pending.some((j) => j.runAt.getTime() === clock.getTime() + 15 * 60_000)).toBe(true);
	});
});
