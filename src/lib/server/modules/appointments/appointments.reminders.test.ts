import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { conversations, messages } from '$lib/server/modules/messaging/messaging.schema';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { jobs } from '$lib/server/platform/jobs/jobs.schema';
import { outboxMessages } from '$lib/server/platform/mail';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '$lib/server/platform/mail/smtp-sink';
import { actorOf, aSite, aWorld, aYouth, type World } from '$lib/server/testing/world';
import { aSlot } from './appointments.fixtures';
import { remindersHandler, REMINDERS_JOB } from './appointments.jobs';
import { bookAppointment, cancelAppointment, moveAppointment, reminderMessageId, sendDueReminders } from './appointments.usecases';

let handle: DatabaseHandle;
let sink: SmtpSink;
let deps: Deps;
const START = new Date('2026-11-23T08:00:00Z');
const clock = START;
let w: World;
let site: { id: string; name: string; addressLine: string; postalCode: string; city: string };

const hours = (h: number) => new Date(clock.getTime() + h * 3_600_000);

beforeAll(async () => {
	handle = await createTestDatabase();
	sink = await startSmtpSink();
	deps = buildDeps(handle, { config: readConfig({ SMTP_URL: sink.url, TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent' }), now: () => clock });
	w = await aWorld(deps.db);
	site = await aSite(deps.db, w.structures.lyon.id, { name: 'Antenne Part-Dieu', addressLine: '12 rue Garibaldi', postalCode: '69003', city: 'Lyon' });
});
afterAll(async () => {
	await sink.close();
	await handle.close();
});

async function aYouthActor(email: string | null = `jeune-${randomUUID().slice(0, 8)}@exemple.test`): Promise<Actor & { email: string | null }> {
	const y = await aYouth(deps.db, w.structures.lyon.id, w.people.counselor.id, { firstName: 'Lina', email });
	return { ...actorOf({ id: y.id, role: 'youth', structureId: y.structureId, networkId: null, companyId: null }), email };
}

let offset = 0;
async function aSlotIn(h: number, mode: 'phone' | 'in_person' | 'video' = 'phone') {
	offset += 1;
	return aSlot(deps.db, {
		structureId: w.structures.lyon.id,
		staffId: w.people.counselor.id,
		// Distinct minutes so that slots of one counselor never share a start.
		startsAt: new Date(hours(h).getTime() + offset * 60_000),
		mode,
		siteId: mode === 'in_person' ? site.id : null
	});
}

/** The calendar joined to a received e-mail, parsed by Mozilla's parser (the one Thunderbird uses). */
function calendarOf(mail: ReceivedMail) {
	const text = mail.decoded.match(/BEGIN:VCALENDAR[\s\S]*?END:VCALENDAR/)?.[0];
	expect(text, 'an .ics attachment').toBeTruthy();
	const calendar = new ICAL.Component(ICAL.parse(text!));
	const vevent = calendar.getFirstSubcomponent('vevent')!;
	const event = new ICAL.Event(vevent);
	return {
		method: calendar.getFirstPropertyValue('method'),
		uid: event.uid,
		sequence: event.sequence,
		start: event.startDate.toJSDate(),
		end: event.endDate.toJSDate(),
		startIsUtc: event.startDate.zone?.tzid === 'UTC',
		location: event.location,
		status: vevent.getFirstPropertyValue('status'),
		summary: event.summary
	};
}

const mailTo = (to: string, subject: RegExp) => sink.waitForMessage((m) => m.to.includes(to) && subject.test(m.decoded), 5000);

describe('booking e-mails with a calendar file', () => {
	it('sends the invitation at booking (METHOD:REQUEST, UID, UTC times, location)', async () => {
		const youth = await aYouthActor();
		const slot = await aSlotIn(48, 'in_person');
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: slot.id });
		const mail = await mailTo(youth.email!, /Ton rendez-vous est confirmé/);
		expect(mail.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
		expect(mail.raw).toMatch(/filename="?rendez-vous\.ics/);
		const ics = calendarOf(mail);
		expect(ics).toMatchObject({ method: 'REQUEST', uid: `${appointment.id}@tremplin`, sequence: 0, startIsUtc: true, status: 'CONFIRMED' });
		expect(ics.start.toISOString()).toBe(slot.startsAt.toISOString());
		expect(ics.end.toISOString()).toBe(slot.endsAt.toISOString());
		expect(ics.location).toBe('Antenne Part-Dieu, 12 rue Garibaldi, 69003 Lyon');
		expect(ics.summary).toContain(w.people.counselor.firstName);
		expect(mail.decoded).toMatch(/(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ \S+ à \d+ h/);
	});

	it('sends METHOD:CANCEL with the same UID and a higher SEQUENCE at cancellation and at a move', async () => {
		const youth = await aYouthActor();
		const { appointment } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: (await aSlotIn(50)).id });
		const newId = randomUUID();
		await moveAppointment(deps, youth, { id: appointment.id, newId, slotId: (await aSlotIn(52, 'video')).id });
		const cancelMail = await mailTo(youth.email!, /est annulé/);
		expect(calendarOf(cancelMail)).toMatchObject({ method: 'CANCEL', uid: `${appointment.id}@tremplin`, sequence: 1, status: 'CANCELLED', location: 'Téléphone' });
		const movedMail = await mailTo(youth.email!, /a bien été déplacé/);
		expect(calendarOf(movedMail)).toMatchObject({ method: 'REQUEST', uid: `${newId}@tremplin`, location: 'Visio' });
		await cancelAppointment(deps, youth, { id: newId, reason: 'Malade' });
		const second = await sink.waitForMessage((m) => m.to.includes(youth.email!) && m.decoded.includes(`UID:${newId}@tremplin`) && m.decoded.includes('METHOD:CANCEL'));
		expect(second.decoded).toContain('Motif : Malade');
	});

	it('keeps the attachment in the outbox when no SMTP server is configured', async () => {
		const outboxDeps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent' }), now: () => clock });
		const youth = await aYouthActor();
		await bookAppointment(outboxDeps, youth, { id: randomUUID(), slotId: (await aSlotIn(54)).id });
		const [row] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.recipient, youth.email!));
		expect(row!.status).toBe('stored');
		expect(row!.attachments).toEqual([expect.objectContaining({ filename: 'rendez-vous.ics', contentType: expect.stringContaining('text/calendar') })]);
		expect(row!.attachments![0]!.content).toContain('METHOD:REQUEST');
	});

	it('sends nothing to a youth without an e-mail address, and still books', async () => {
		const youth = await aYouthActor(null);
		const { created } = await bookAppointment(deps, youth, { id: randomUUID(), slotId: (await aSlotIn(56)).id });
		expect(created).toBe(true);
	});
});

describe('reminders the day before', () => {
	it('reminds once, in the app and by e-mail, only for live appointments of the next 24 hours', async () => {
		// Earlier tests left appointments further than 24 h away; they must not be reminded.
		const due = await aYouthActor();
		const later = await aYouthActor();
		const cancelled = await aYouthActor();
		const { appointment } = await bookAppointment(deps, due, { id: randomUUID(), slotId: (await aSlotIn(20)).id });
		await bookAppointment(deps, later, { id: randomUUID(), slotId: (await aSlotIn(30)).id });
		const gone = await bookAppointment(deps, cancelled, { id: randomUUID(), slotId: (await aSlotIn(10)).id });
		await cancelAppointment(deps, cancelled, { id: gone.appointment.id });

		expect(await sendDueReminders(deps)).toBe(1);
		expect(await sendDueReminders(deps)).toBe(0);

		const [row] = await deps.db
			.select({ n: count() })
			.from(messages)
			.innerJoin(conversations, eq(conversations.id, messages.conversationId))
			.where(and(eq(conversations.youthId, due.userId), eq(messages.id, reminderMessageId(appointment.id))));
		expect(row!.n).toBe(1);
		const [message] = await deps.db.select().from(messages).where(eq(messages.id, reminderMessageId(appointment.id)));
		expect(message!.authorRole).toBe('system');
		expect(message!.body).toMatch(/^Rappel : tu as rendez-vous (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+/);

		const mail = await mailTo(due.email!, /Rappel/);
		expect(calendarOf(mail)).toMatchObject({ method: 'REQUEST', uid: `${appointment.id}@tremplin` });
		for (const y of [later, cancelled]) {
			const [m] = await deps.db
				.select({ n: count() })
				.from(messages)
				.innerJoin(conversations, eq(conversations.id, messages.conversationId))
				.where(eq(conversations.youthId, y.userId));
			expect(m?.n ?? 0).toBe(0);
		}
	});

	it('never reminds twice, even with two workers at the same time', async () => {
		const youths = await Promise.all([aYouthActor(), aYouthActor(), aYouthActor()]);
		for (const y of youths) await bookAppointment(deps, y, { id: randomUUID(), slotId: (await aSlotIn(5)).id });
		const [a, b] = await Promise.all([sendDueReminders(deps), sendDueReminders(deps)]);
		expect(a + b).toBe(3);
		const pending = await deps.db
			.select({ id: messages.id })
			.from(messages)
			.innerJoin(conversations, eq(conversations.id, messages.conversationId))
			.where(eq(messages.authorRole, 'system'));
		expect(new Set(pending.map((p) => p.id)).size).toBe(pending.length);
	});

	it('runs as a recurring job that schedules its next run in 10 minutes', async () => {
		await deps.db.delete(jobs).where(eq(jobs.kind, REMINDERS_JOB));
		await remindersHandler(deps)();
		const scheduled = await deps.db.select().from(jobs).where(and(eq(jobs.kind, REMINDERS_JOB), isNull(jobs.doneAt)));
		expect(scheduled).toHaveLength(1);
		expect(scheduled[0]!.runAt.getTime() - clock.getTime()).toBe(10 * 60_000);
	});
});
