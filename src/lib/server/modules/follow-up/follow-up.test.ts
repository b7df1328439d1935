import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { referentAssignments, users, youthProfiles } from '$lib/server/modules/accounts/accounts.schema';
import { createAccountsRepository, getYouthHome, recordContact, touchYouthActivity, updateSituation } from '$lib/server/modules/accounts';
import { openConversation, sendMessage } from '$lib/server/modules/messaging';
import { conversations, messages } from '$lib/server/modules/messaging/messaging.schema';
import { outboxMessages } from '$lib/server/platform/mail';
import { dateTimeInWords } from '$lib/appointments/time';
import { structures } from '$lib/server/modules/structures/structures.schema';
import { getMyStructureSettings, updateFollowUpSettings } from '$lib/server/modules/structures';
import type { Actor } from '$lib/server/platform/access';
import { auditEvents } from '$lib/server/platform/audit/audit.schema';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { actorOf, aProfessional, aStructure, aWorld, aYouth, type World } from '$lib/server/testing/world';
import { appointments } from '$lib/server/modules/appointments/appointments.schema';
import { journalEntries, pathwaySteps } from './follow-up.schema';
import {
	addJournalEntry,
	addStep,
	deleteJournalEntry,
	deleteStep,
	editJournalEntry,
	editStep,
	getCaseload,
	getMyNextSteps,
	listJournal,
	listSteps,
	moveStep,
	setStepStatus,
	transferYouth
} from './index';

let handle: DatabaseHandle;
let deps: Deps;
let world: World;
const DAY = 86_400_000;
let clock = new Date();
const now = () => clock;

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now });
	world = await aWorld(deps.db);
});
afterAll(() => handle.close());

async function expectDomainError(promise: Promise<unknown>, code: string | string[]) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	expect([code].flat()).toContain((error as DomainError).code);
	return error as DomainError;
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(clock);
const daysAgo = (n: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(clock.getTime() - n * DAY));
const profileOf = async (youthId: string) => (await deps.db.select().from(youthProfiles).where(eq(youthProfiles.userId, youthId)))[0]!;
const journalCount = async () => (await deps.db.select({ id: journalEntries.id }).from(journalEntries)).length;
const stepCount = async () => (await deps.db.select({ id: pathwaySteps.id }).from(pathwaySteps)).length;

/** A Mission Locale of its own (with a counselor) so that caseload counts are exact. */
async function aCaseload(recontactAfterDays: number) {
	const structure = await aStructure(deps.db, world.networks.rhone.id, { recontactAfterDays });
	const counselor = await aProfessional(deps.db, 'counselor', { structureId: structure.id });
	const colleague = await aProfessional(deps.db, 'counselor', { structureId: structure.id });
	return { structure, counselor, actor: actorOf(counselor, world.networks.rhone.id), colleague };
}

/** An appointment inserted directly (tests only), phone, 30 minutes. */
async function anAppointment(youth: { id: string; structureId: string }, staffId: string, startsAt: Date) {
	const [row] = await deps.db
		.insert(appointments)
		.values({ structureId: youth.structureId, youthId: youth.id, staffId, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), mode: 'phone' })
		.returning();
	return row!;
}

async function setNews(youthId: string, news: { contact?: [Date, 'message' | 'phone']; activity?: Date; followedSince?: Date }) {
	await deps.db
		.update(youthProfiles)
		.set({
			lastContactAt: news.contact?.[0] ?? null,
			lastContactChannel: news.contact?.[1] ?? null,
			lastActivityAt: news.activity ?? null,
			...(news.followedSince ? { followedSince: news.followedSince } : {})
		})
		.where(eq(youthProfiles.userId, youthId));
}

describe('the caseload (« Mes jeunes »)', () => {
	it('flags "à recontacter" after the structure\'s delay: exactly N days is not late yet, never contacted counts from the start', async () => {
		clock = new Date();
		const { structure, counselor, actor } = await aCaseload(10);
		const exactly = await aYouth(deps.db, structure.id, counselor.id, { firstName: 'Exact' });
		const late = await aYouth(deps.db, structure.id, counselor.id, { firstName: 'Late' });
		const never = await aYouth(deps.db, structure.id, counselor.id, { firstName: 'Never' });
		const newcomer = await aYouth(deps.db, structure.id, counselor.id, { firstName: 'Newcomer' });
		const active = await aYouth(deps.db, structure.id, counselor.id, { firstName: 'Active' });
		await setNews(exactly.id, { contact: [new Date(clock.getTime() - 10 * DAY), 'phone'] });
		await setNews(late.id, { contact: [new Date(clock.getTime() - 10 * DAY - 1000), 'message'] });
		await setNews(never.id, { followedSince: new Date(clock.getTime() - 11 * DAY) });
		await setNews(newcomer.id, { followedSince: new Date(clock.getTime() - 2 * DAY) });
		// An old contact, but activity in Tremplin since: the activity is the latest news.
		await setNews(active.id, { contact: [new Date(clock.getTime() - 40 * DAY), 'message'], activity: new Date(clock.getTime() - 3 * DAY) });

		const caseload = (await getCaseload(deps, actor, { filter: 'all', sort: 'contact', search: '' }))!;
		const byName = Object.fromEntries(caseload.items.map((y) => [y.firstName, y]));
		expect(byName.Exact).toMatchObject({ toRecontact: false, lastNewsChannel: 'phone' });
		expect(byName.Late).toMatchObject({ toRecontact: true, lastNewsChannel: 'message' });
		expect(byName.Never).toMatchObject({ toRecontact: true, lastNewsChannel: null, lastNewsAt: null });
		expect(byName.Newcomer).toMatchObject({ toRecontact: false });
		expect(byName.Active).toMatchObject({ toRecontact: false, lastNewsChannel: 'activity' });
		expect(caseload.counts).toEqual({ total: 5, mine: 5, recontact: 2 });
		expect(caseload.recontactAfterDays).toBe(10);

		// Oldest news first: Never (11 days, from the start), Late, Exact, Active (3 days), Newcomer (2 days).
		expect(caseload.items.map((y) => y.firstName)).toEqual(['Never', 'Late', 'Exact', 'Active', 'Newcomer']);

		const recontact = (await getCaseload(deps, actor, { filter: 'recontact', sort: 'name', search: '' }))!;
		expect(recontact.items.map((y) => y.firstName)).toEqual(['Late', 'Never']);

		// The structure lengthens its delay: nobody is late any more.
		await deps.db.update(structures).set({ recontactAfterDays: 30 }).where(eq(structures.id, structure.id));
		expect((await getCaseload(deps, actor, { filter: 'recontact', sort: 'contact', search: '' }))!.counts.recontact).toBe(0);
	});

	it('filters "mine", searches by name and sorts by name or next appointment', async () => {
		const { structure, counselor, actor, colleague } = await aCaseload(30);
		const zoe = await aYouth(deps.db, structure.id, counselor.id, { firstName: 'Zoé', lastName: 'Arnaud' });
		await aYouth(deps.db, structure.id, counselor.id, { firstName: 'Adam', lastName: 'Blanc' });
		const maya = await aYouth(deps.db, structure.id, colleague.id, { firstName: 'Maya', lastName: 'Colin' });
		const soon = new Date(clock.getTime() + DAY);
		await anAppointment(zoe, counselor.id, new Date(clock.getTime() + 3 * DAY));
		await anAppointment(maya, counselor.id, soon);
		await anAppointment(maya, counselor.id, new Date(clock.getTime() - DAY)); // past: not the next one
		const mine = (await getCaseload(deps, actor, { filter: 'mine', sort: 'name', search: '' }))!;
		expect(mine.items.map((y) => y.firstName)).toEqual(['Adam', 'Zoé']);
		expect(mine.counts).toMatchObject({ total: 3, mine: 2 });
		const search = (await getCaseload(deps, actor, { filter: 'all', sort: 'name', search: 'col' }))!;
		expect(search.items.map((y) => y.firstName)).toEqual(['Maya']);
		const byAppointment = (await getCaseload(deps, actor, { filter: 'all', sort: 'appointment', search: '' }))!;
		expect(byAppointment.items.map((y) => y.firstName)).toEqual(['Maya', 'Zoé', 'Adam']);
		expect(byAppointment.items[0]!.nextAppointment?.startsAt).toEqual(soon);
		expect(byAppointment.items[2]!.nextAppointment).toBeNull();
	});

	it('is empty for anyone who is not staff of a structure', async () => {
		for (const actor of [world.actors.youth, world.actors.referent, world.actors.mentor, world.actors.companyContact, world.actors.admin]) {
			expect(await getCaseload(deps, actor, { filter: 'all', sort: 'contact', search: '' }), actor.role).toBeNull();
		}
	});

	it('counts a message from the youth or the staff as a contact, channel "message"', async () => {
		const y = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Sami' });
		const youthActor: Actor = { userId: y.id, role: 'youth', structureId: world.structures.lyon.id, networkId: world.networks.rhone.id, companyId: null };
		const conversation = await openConversation(deps, youthActor, y.id);
		clock = new Date(clock.getTime() + 1000);
		await sendMessage(deps, youthActor, { conversationId: conversation.id, clientId: crypto.randomUUID(), body: 'Bonjour !' });
		expect(await profileOf(y.id)).toMatchObject({ lastContactChannel: 'message', lastContactAt: clock });
		await recordContact(deps.db, { youthId: y.id, channel: 'phone', at: new Date(clock.getTime() - DAY) });
		expect((await profileOf(y.id)).lastContactChannel).toBe('message'); // never backwards
	});
});

describe('the journal', () => {
	it('adds dated entries, newest first with their author; a call, an interview or a visio is a contact', async () => {
		const y = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Nora' });
		await addJournalEntry(deps, world.actors.counselor, { youthId: y.id, kind: 'note', occurredOn: daysAgo(5), body: 'Premier entretien.' });
		expect((await profileOf(y.id)).lastContactAt).toBeNull(); // a note is not a contact
		await addJournalEntry(deps, world.actors.counselor2, { youthId: y.id, kind: 'phone', occurredOn: today(), body: '  Appel : motivée.  ' });
		expect(await profileOf(y.id)).toMatchObject({ lastContactChannel: 'phone', lastContactAt: clock });
		await addJournalEntry(deps, world.actors.manager, { youthId: y.id, kind: 'in_person', occurredOn: daysAgo(2), body: 'Venue à l’accueil.' });
		expect((await profileOf(y.id)).lastContactChannel).toBe('phone'); // older contact noted late: kept

		const journal = await listJournal(deps, world.actors.counselor, y.id);
		expect(journal.map((e) => e.body)).toEqual(['Appel : motivée.', 'Venue à l’accueil.', 'Premier entretien.']);
		expect(journal[0]).toMatchObject({ kind: 'phone', authorName: 'Sophie Martin', editable: false });
		expect(journal[2]).toMatchObject({ authorId: world.people.counselor.id, editable: true });
	});

	it('refuses a date in the future, an empty or too long text, an unknown kind — and stores nothing', async () => {
		const before = await journalCount();
		const base = { youthId: world.youths.youth.id, kind: 'note', occurredOn: today(), body: 'ok' };
		let e = await expectDomainError(addJournalEntry(deps, world.actors.counselor, { ...base, occurredOn: daysAgo(-2) }), 'follow_up.date_in_future');
		expect(e.fields.occurredOn).toBeTruthy();
		e = await expectDomainError(addJournalEntry(deps, world.actors.counselor, { ...base, body: '   ' }), 'validation.invalid');
		expect(e.fields.body).toBe('Écrivez la note.');
		e = await expectDomainError(addJournalEntry(deps, world.actors.counselor, { ...base, body: 'a'.repeat(5001) }), 'validation.invalid');
		expect(e.fields.body).toContain('5000');
		await addJournalEntry(deps, world.actors.counselor, { ...base, body: 'a'.repeat(5000) });
		await expectDomainError(addJournalEntry(deps, world.actors.counselor, { ...base, kind: 'transfer' }), 'validation.invalid');
		await expectDomainError(addJournalEntry(deps, world.actors.counselor, { ...base, occurredOn: '2025-02-30' }), 'validation.invalid');
		expect(await journalCount()).toBe(before + 1);
	});

	it('lets the author alone correct or delete an entry, within 24 hours; then it is append-only', async () => {
		const y = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Iris' });
		const { id } = await addJournalEntry(deps, world.actors.counselor, { youthId: y.id, kind: 'note', occurredOn: today(), body: 'Brouillon' });
		await expectDomainError(
			editJournalEntry(deps, world.actors.counselor2, { entryId: id, kind: 'note', occurredOn: today(), body: 'Pas à moi' }),
			'follow_up.entry_locked'
		);
		await editJournalEntry(deps, world.actors.counselor, { entryId: id, kind: 'video', occurredOn: today(), body: 'Visio : CV revu.' });
		expect((await listJournal(deps, world.actors.counselor, y.id))[0]).toMatchObject({ body: 'Visio : CV revu.', kind: 'video' });
		expect((await profileOf(y.id)).lastContactChannel).toBe('video');
		const saved = clock;
		clock = new Date(clock.getTime() + 25 * 3_600_000);
		await expectDomainError(
			editJournalEntry(deps, world.actors.counselor, { entryId: id, kind: 'note', occurredOn: daysAgo(1), body: 'Trop tard' }),
			'follow_up.entry_locked'
		);
		await expectDomainError(deleteJournalEntry(deps, world.actors.counselor, { entryId: id }), 'follow_up.entry_locked');
		clock = saved;
		await expectDomainError(deleteJournalEntry(deps, world.actors.counselor2, { entryId: id }), 'follow_up.entry_locked');
		await deleteJournalEntry(deps, world.actors.counselor, { entryId: id });
		expect(await listJournal(deps, world.actors.counselor, y.id)).toEqual([]);
		const [audit] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'follow_up.journal_entry_deleted'));
		expect(audit).toMatchObject({ actorId: world.people.counselor.id, targetId: y.id });
		await expectDomainError(deleteJournalEntry(deps, world.actors.counselor, { entryId: id }), 'follow_up.entry_not_found');
		await expectDomainError(deleteJournalEntry(deps, world.actors.counselor, { entryId: 'pas-un-id' }), 'follow_up.entry_not_found');
	});

	it('is private to the staff of the youth\'s structure: the youth cannot read it, by any door', async () => {
		const secret = `Note confidentielle ${crypto.randomUUID()}`;
		await addJournalEntry(deps, world.actors.counselor, { youthId: world.youths.youth.id, kind: 'note', occurredOn: today(), body: secret });
		await addStep(deps, world.actors.counselor, { youthId: world.youths.youth.id, title: 'Atelier CV', mode: 'on_site' });
		await expectDomainError(listJournal(deps, world.actors.youth, world.youths.youth.id), 'access.forbidden');
		// Everything the youth home loads: no journal in it.
		const home = await getYouthHome(deps.db, world.actors.youth, clock);
		const steps = await getMyNextSteps(deps.db, world.actors.youth);
		expect(steps.map((s) => s.title)).toContain('Atelier CV');
		expect(JSON.stringify({ home, steps })).not.toContain(secret);
		// No route a youth can reach imports the journal (only /pro pages do).
		const files = (dir: string): string[] =>
			readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
		const offenders = files('src/routes')
			.filter((f) => !f.startsWith(join('src/routes', 'pro')))
			.filter((f) => /listJournal|journalEntries|follow-up\.schema/.test(readFileSync(f, 'utf8')));
		expect(offenders).toEqual([]);
	});
});

describe('the pathway plan', () => {
	it('keeps ordered steps that staff add, edit, move, mark and delete; the youth sees them without the dropped ones', async () => {
		const y = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Lina' });
		const youthActor: Actor = { userId: y.id, role: 'youth', structureId: world.structures.lyon.id, networkId: world.networks.rhone.id, companyId: null };
		const a = await addStep(deps, world.actors.counselor, { youthId: y.id, title: 'Atelier CV', mode: 'on_site', targetDate: daysAgo(-7) });
		const b = await addStep(deps, world.actors.counselor2, { youthId: y.id, title: 'Simulation d’entretien', detail: 'Avec Sophie', mode: 'remote' });
		const c = await addStep(deps, world.actors.counselor, { youthId: y.id, title: 'Inscription France Travail', mode: 'remote' });
		expect((await listSteps(deps, world.actors.counselor, y.id)).map((s) => s.title)).toEqual([
			'Atelier CV',
			'Simulation d’entretien',
			'Inscription France Travail'
		]);
		await moveStep(deps, world.actors.counselor, { stepId: c.id, direction: 'up' });
		await moveStep(deps, world.actors.counselor, { stepId: a.id, direction: 'up' }); // already first: nothing
		expect((await listSteps(deps, world.actors.counselor, y.id)).map((s) => s.id)).toEqual([a.id, c.id, b.id]);
		await setStepStatus(deps, world.actors.counselor, { stepId: a.id, status: 'done' });
		await editStep(deps, world.actors.counselor, { stepId: b.id, title: 'Simulation', mode: 'on_site', status: 'dropped', targetDate: '' });
		const mine = await getMyNextSteps(deps.db, youthActor);
		expect(mine.map((s) => [s.title, s.status])).toEqual([
			['Atelier CV', 'done'],
			['Inscription France Travail', 'todo']
		]);
		await deleteStep(deps, world.actors.counselor, { stepId: c.id });
		expect((await listSteps(deps, world.actors.counselor, y.id)).map((s) => s.id)).toEqual([a.id, b.id]);
		// The youth sees their own plan only.
		expect(await getMyNextSteps(deps.db, world.actors.youth)).not.toContainEqual(expect.objectContaining({ id: a.id }));
		await expectDomainError(getMyNextSteps(deps.db, world.actors.counselor), 'access.forbidden');
	});

	it('validates steps and stores nothing on bad input', async () => {
		const before = await stepCount();
		const base = { youthId: world.youths.youth.id, title: 'Étape', mode: 'on_site' };
		let e = await expectDomainError(addStep(deps, world.actors.counselor, { ...base, title: ' ' }), 'validation.invalid');
		expect(e.fields.title).toBeTruthy();
		e = await expectDomainError(addStep(deps, world.actors.counselor, { ...base, title: 'x'.repeat(121) }), 'validation.invalid');
		expect(e.fields.title).toContain('120');
		e = await expectDomainError(addStep(deps, world.actors.counselor, { ...base, mode: 'partout' }), 'validation.invalid');
		expect(e.fields.mode).toBeTruthy();
		e = await expectDomainError(addStep(deps, world.actors.counselor, { ...base, targetDate: 'demain' }), 'validation.invalid');
		expect(e.fields.targetDate).toBeTruthy();
		await expectDomainError(addStep(deps, world.actors.counselor, { ...base, detail: 'd'.repeat(1001) }), 'validation.invalid');
		await expectDomainError(setStepStatus(deps, world.actors.counselor, { stepId: crypto.randomUUID(), status: 'done' }), 'follow_up.step_not_found');
		expect(await stepCount()).toBe(before);
	});
});

describe('who may touch a file', () => {
	it('refuses every other role, and answers "not found" to staff of another structure and to forged ids, changing nothing', async () => {
		const youthId = world.youths.youth.id;
		const [step] = await listSteps(deps, world.actors.counselor, youthId);
		const [entry] = await listJournal(deps, world.actors.counselor, youthId);
		const before = { journal: await journalCount(), steps: await stepCount(), profile: await profileOf(youthId) };
		const forbidden = [world.actors.youth, world.actors.referent, world.actors.mentor, world.actors.companyContact, world.actors.admin, world.actors.farReferent];
		const elsewhere = [world.actors.otherCounselor, world.actors.otherManager, world.actors.farCounselor];
		const attempts = (actor: Actor) => [
			() => listJournal(deps, actor, youthId),
			() => listSteps(deps, actor, youthId),
			() => addJournalEntry(deps, actor, { youthId, kind: 'phone', occurredOn: today(), body: 'intrus' }),
			() => editJournalEntry(deps, actor, { entryId: entry!.id, kind: 'note', occurredOn: today(), body: 'intrus' }),
			() => deleteJournalEntry(deps, actor, { entryId: entry!.id }),
			() => addStep(deps, actor, { youthId, title: 'intrus', mode: 'remote' }),
			() => setStepStatus(deps, actor, { stepId: step!.id, status: 'dropped' }),
			() => moveStep(deps, actor, { stepId: step!.id, direction: 'down' }),
			() => deleteStep(deps, actor, { stepId: step!.id }),
			() => transferYouth(deps, actor, { youthId, toStructureId: world.structures.sarthe.id, reason: 'intrus' }),
			() => updateSituation(deps, actor, { youthId, situation: 'employed', since: today() })
		];
		for (const actor of forbidden) {
			for (const attempt of attempts(actor)) await expectDomainError(attempt(), 'access.forbidden');
		}
		for (const actor of elsewhere) {
			for (const attempt of attempts(actor)) {
				await expectDomainError(attempt(), ['follow_up.youth_not_found', 'follow_up.entry_not_found', 'follow_up.step_not_found', 'accounts.youth_not_found']);
			}
		}
		for (const forged of [crypto.randomUUID(), 'abc', "' or 1=1 --"]) {
			await expectDomainError(listJournal(deps, world.actors.counselor, forged), 'follow_up.youth_not_found');
			await expectDomainError(addStep(deps, world.actors.counselor, { youthId: forged, title: 'x', mode: 'remote' }), 'follow_up.youth_not_found');
			await expectDomainError(editStep(deps, world.actors.counselor, { stepId: forged, title: 'x', mode: 'remote', status: 'todo' }), 'follow_up.step_not_found');
		}
		expect(await journalCount()).toBe(before.journal);
		expect(await stepCount()).toBe(before.steps);
		expect(await profileOf(youthId)).toEqual(before.profile);
	});
});

describe('the situation', () => {
	it('is set by staff with a date that is not in the future', async () => {
		const y = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Hugo' });
		await updateSituation(deps, world.actors.counselor, { youthId: y.id, situation: 'training', since: daysAgo(10) });
		expect(await profileOf(y.id)).toMatchObject({ situation: 'training', situationSince: daysAgo(10) });
		await expectDomainError(updateSituation(deps, world.actors.counselor, { youthId: y.id, situation: 'training', since: daysAgo(-1) }), 'accounts.situation_date');
		await expectDomainError(updateSituation(deps, world.actors.counselor, { youthId: y.id, situation: 'astronaute' as never, since: today() }), 'validation.invalid');
		expect((await profileOf(y.id)).situationSince).toBe(daysAgo(10));
	});
});

describe('the transfer to another Mission Locale', () => {
	it('moves everything in one go; the old structure loses access, the new one sees the whole history', async () => {
		const email = `yanis-${crypto.randomUUID().slice(0, 8)}@exemple.test`;
		const y = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Yanis', email });
		const youthActor: Actor = { userId: y.id, role: 'youth', structureId: world.structures.lyon.id, networkId: world.networks.rhone.id, companyId: null };
		await addJournalEntry(deps, world.actors.counselor, { youthId: y.id, kind: 'note', occurredOn: today(), body: 'Déménage bientôt.' });
		await addStep(deps, world.actors.counselor, { youthId: y.id, title: 'Atelier CV', mode: 'remote' });
		const conversation = await openConversation(deps, youthActor, y.id);
		await sendMessage(deps, youthActor, { conversationId: conversation.id, clientId: crypto.randomUUID(), body: 'Je déménage à Villeurbanne.' });

		const future = await anAppointment(y, world.people.counselor.id, new Date(clock.getTime() + 2 * DAY));
		const past = await anAppointment(y, world.people.counselor.id, new Date(clock.getTime() - 2 * DAY));
		clock = new Date(clock.getTime() + 60_000);
		const result = await transferYouth(deps, world.actors.counselor, {
			youthId: y.id,
			toStructureId: world.structures.villeurbanne.id,
			reason: 'Déménagement'
		});
		expect(result.toStructureName).toBe('Mission Locale de Villeurbanne');

		expect(await profileOf(y.id)).toMatchObject({ structureId: world.structures.villeurbanne.id, referentId: null });
		const [user] = await deps.db.select().from(users).where(eq(users.id, y.id));
		expect(user!.structureId).toBe(world.structures.villeurbanne.id);
		const open = await deps.db
			.select()
			.from(referentAssignments)
			.where(and(eq(referentAssignments.youthId, y.id)));
		expect(open.every((r) => r.endedAt !== null)).toBe(true);
		const [conv] = await deps.db.select().from(conversations).where(eq(conversations.youthId, y.id));
		expect(conv!.structureId).toBe(world.structures.villeurbanne.id);
		const [audit] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'youth.transferred'), eq(auditEvents.targetId, y.id)));
		expect(audit!.details).toMatchObject({ from: world.structures.lyon.id, to: world.structures.villeurbanne.id, cancelledAppointments: 1 });
		const [f] = await deps.db.select().from(appointments).where(eq(appointments.id, future.id));
		const [p] = await deps.db.select().from(appointments).where(eq(appointments.id, past.id));
		expect(f!.cancelledAt).toEqual(clock);
		expect(f!.cancelReason).toBe('Transfert vers Mission Locale de Villeurbanne');
		expect(p!.cancelledAt).toBeNull();

		// The youth is told, in their conversation (now the new structure's), and the cancelled
		// appointment's e-mail carries the .ics that removes it from their calendar.
		const told = await deps.db.select().from(messages).where(and(eq(messages.conversationId, conversation.id), eq(messages.authorRole, 'system')));
		expect(told.map((m) => m.body).filter((b) => !b.startsWith('Ta Mission Locale est fermée'))).toEqual([
			'Ton accompagnement continue dans une autre Mission Locale : Mission Locale de Villeurbanne. Un conseiller ou une conseillère de là-bas prend le relais et t’écrira ici. Tes messages, ton CV et tes parcours te suivent.\n\n' +
				`Ton rendez-vous du ${dateTimeInWords(future.startsAt)} est annulé : ta nouvelle Mission Locale te proposera un autre moment.`
		]);
		const mails = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.recipient, email));
		expect(mails.map((m) => m.subject)).toEqual([`Rendez-vous annulé : ${dateTimeInWords(future.startsAt)}`]);
		expect(mails[0]!.text).toContain('Motif : Transfert vers Mission Locale de Villeurbanne');
		expect(mails[0]!.attachments![0]!.content).toMatch(/METHOD:CANCEL[\s\S]*UID:/);

		// The old structure: not found everywhere.
		expect(await createAccountsRepository({ db: deps.db, actor: world.actors.counselor }).getYouthFile(y.id)).toBeNull();
		await expectDomainError(listJournal(deps, world.actors.counselor, y.id), 'follow_up.youth_not_found');
		await expectDomainError(listSteps(deps, world.actors.counselor, y.id), 'follow_up.youth_not_found');
		await expectDomainError(openConversation(deps, world.actors.counselor, y.id), 'messaging.youth_not_found');
		expect((await getCaseload(deps, world.actors.counselor, { filter: 'all', sort: 'name', search: 'Yanis' }))!.items).toEqual([]);

		// The new structure: the file, the old journal with the transfer entry, the plan, the conversation.
		expect(await createAccountsRepository({ db: deps.db, actor: world.actors.otherCounselor }).getYouthFile(y.id)).not.toBeNull();
		const journal = await listJournal(deps, world.actors.otherCounselor, y.id);
		expect(journal.map((e) => e.kind)).toEqual(['transfer', 'note']);
		expect(journal[0]!.body).toBe('Transféré·e de Mission Locale de Lyon vers Mission Locale de Villeurbanne. Motif : Déménagement');
		expect(journal[0]!.editable).toBe(false);
		expect((await listSteps(deps, world.actors.otherCounselor, y.id)).map((s) => s.title)).toEqual(['Atelier CV']);
		expect((await openConversation(deps, world.actors.otherCounselor, y.id)).id).toBe(conversation.id);
		// The youth, with their updated scope, still reads their plan.
		expect(await getMyNextSteps(deps.db, { ...youthActor, structureId: world.structures.villeurbanne.id })).toHaveLength(1);
	});

	it('refuses an unknown, archived or identical target and a missing reason, changing nothing', async () => {
		const y = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Rayan' });
		const archived = await aStructure(deps.db, world.networks.rhone.id, { archivedAt: new Date() });
		const base = { youthId: y.id, reason: 'Déménagement' };
		await expectDomainError(transferYouth(deps, world.actors.counselor, { ...base, toStructureId: crypto.randomUUID() }), 'follow_up.target_not_found');
		await expectDomainError(transferYouth(deps, world.actors.counselor, { ...base, toStructureId: archived.id }), 'follow_up.target_not_found');
		await expectDomainError(transferYouth(deps, world.actors.counselor, { ...base, toStructureId: world.structures.lyon.id }), 'follow_up.same_structure');
		const e = await expectDomainError(
			transferYouth(deps, world.actors.counselor, { youthId: y.id, toStructureId: world.structures.sarthe.id, reason: ' ' }),
			'validation.invalid'
		);
		expect(e.fields.reason).toBeTruthy();
		expect((await profileOf(y.id)).structureId).toBe(world.structures.lyon.id);
	});

	it('lets one of two simultaneous transfers win; the other changes nothing', async () => {
		const y = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Chloé' });
		const outcomes = await Promise.allSettled([
			transferYouth(deps, world.actors.counselor, { youthId: y.id, toStructureId: world.structures.villeurbanne.id, reason: 'Déménagement' }),
			transferYouth(deps, world.actors.counselor2, { youthId: y.id, toStructureId: world.structures.sarthe.id, reason: 'Déménagement' })
		]);
		const won = outcomes.filter((o) => o.status === 'fulfilled');
		const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
		expect(won).toHaveLength(1);
		expect(lost).toHaveLength(1);
		expect(['follow_up.already_moved', 'follow_up.youth_not_found']).toContain((lost[0]!.reason as DomainError).code);
		const winner = (won[0] as PromiseFulfilledResult<{ toStructureId: string }>).value.toStructureId;
		expect((await profileOf(y.id)).structureId).toBe(winner);
		const transfers = await deps.db
			.select()
			.from(journalEntries)
			.where(and(eq(journalEntries.youthId, y.id), eq(journalEntries.kind, 'transfer')));
		expect(transfers).toHaveLength(1);
	});
});

describe('the structure settings (« Réglages »)', () => {
	it('let the manager change the delay and the video fallback, validated and audited', async () => {
		const manager = world.actors.manager;
		const saved = await updateFollowUpSettings(deps, manager, {
			recontactAfterDays: '45',
			videoFallbackUrl: ' https://visio.exemple.fr/ml-lyon ',
			videoFallbackPhone: '04 72 00 00 00'
		});
		expect(saved).toMatchObject({ recontactAfterDays: 45, videoFallbackUrl: 'https://visio.exemple.fr/ml-lyon', videoFallbackPhone: '+33472000000' });
		expect(await getMyStructureSettings(deps.db, manager)).toMatchObject({ recontactAfterDays: 45 });
		const [audit] = await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'structure.follow_up_settings_changed'));
		expect(audit).toMatchObject({ actorId: world.people.manager.id, structureId: world.structures.lyon.id });

		const bad = async (values: Record<string, string>, field: string) => {
			const e = await expectDomainError(
				updateFollowUpSettings(deps, manager, { recontactAfterDays: '30', videoFallbackUrl: '', videoFallbackPhone: '', ...values }),
				'validation.invalid'
			);
			expect(e.fields[field], JSON.stringify(values)).toBeTruthy();
		};
		await bad({ recontactAfterDays: '0' }, 'recontactAfterDays');
		await bad({ recontactAfterDays: '366' }, 'recontactAfterDays');
		await bad({ recontactAfterDays: '2.5' }, 'recontactAfterDays');
		await bad({ recontactAfterDays: 'trente' }, 'recontactAfterDays');
		await bad({ videoFallbackUrl: 'http://visio.exemple.fr' }, 'videoFallbackUrl');
		await bad({ videoFallbackUrl: 'javascript:alert(1)' }, 'videoFallbackUrl');
		await bad({ videoFallbackUrl: `https://exemple.fr/${'a'.repeat(500)}` }, 'videoFallbackUrl');
		await bad({ videoFallbackPhone: '12345' }, 'videoFallbackPhone');
		expect(await getMyStructureSettings(deps.db, manager)).toMatchObject({ recontactAfterDays: 45, videoFallbackPhone: '+33472000000' });

		// Emptying the fallback is allowed.
		await updateFollowUpSettings(deps, manager, { recontactAfterDays: '30', videoFallbackUrl: '', videoFallbackPhone: '' });
		expect(await getMyStructureSettings(deps.db, manager)).toMatchObject({ videoFallbackUrl: null, videoFallbackPhone: null });
	});

	it('are for structure managers only', async () => {
		for (const actor of [world.actors.counselor, world.actors.youth, world.actors.referent, world.actors.mentor, world.actors.admin]) {
			await expectDomainError(updateFollowUpSettings(deps, actor, { recontactAfterDays: '5' }), 'access.forbidden');
			await expectDomainError(getMyStructureSettings(deps.db, actor), 'access.forbidden');
		}
		const [lyon] = await deps.db.select().from(structures).where(eq(structures.id, world.structures.lyon.id));
		expect(lyon!.recontactAfterDays).toBe(30);
	});
});

describe('activity in Tremplin', () => {
	it('counts as news for the caseload', async () => {
		const { structure, counselor, actor } = await aCaseload(7);
		const y = await aYouth(deps.db, structure.id, counselor.id);
		await setNews(y.id, { followedSince: new Date(clock.getTime() - 30 * DAY) });
		expect((await getCaseload(deps, actor, { filter: 'recontact', sort: 'contact', search: '' }))!.counts.recontact).toBe(1);
		await touchYouthActivity(deps, y.id);
		expect((await getCaseload(deps, actor, { filter: 'recontact', sort: 'contact', search: '' }))!.counts.recontact).toBe(0);
	});
});
