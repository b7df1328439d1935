import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { getModuleOverview, getPlayState, startAttempt } from '$lib/server/modules/learning';
import { aPublishedModule } from '$lib/server/modules/learning/learning.fixtures';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { aSite, aWorld, type World } from '$lib/server/testing/world';
import { parisDay, parisTime } from '$lib/appointments/time';
import {
	getWorkshopForStaff,
	getYouthWorkshops,
	listInvitableYouth,
	listOpenWorkshopsForYouth,
	listWorkshopsForStaff,
	listWorkshopsForYouth
} from './workshops.queries';
import { csvCell, getWorkshopResults, workshopResultsCsv } from './workshops.results';
import { workshopAnswers, workshopPlayers, workshops } from './workshops.schema';
import {
	addAdHocQuestion,
	addModuleQuestions,
	createWorkshop,
	deleteWorkshop,
	inviteYouth,
	moveQuestion,
	publishReplay,
	registerForWorkshop,
	removeQuestion,
	uninviteYouth,
	updateWorkshop
} from './workshops.usecases';

let handle: DatabaseHandle;
let deps: Deps;
const START = new Date('2026-11-23T08:00:00Z');
const clock = START;
let w: World;
let siteId: string;
let otherSiteId: string;
let moduleSlug: string;
let sartheModuleSlug: string;

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	w = await aWorld(deps.db);
	siteId = (await aSite(deps.db, w.structures.lyon.id, { name: 'Antenne Part-Dieu' })).id;
	otherSiteId = (await aSite(deps.db, w.structures.villeurbanne.id, { name: 'Antenne Gratte-Ciel' })).id;
	moduleSlug = (await aPublishedModule(deps.db)).slug;
	sartheModuleSlug = (
		await aPublishedModule(deps.db, { scope: 'structure', ownerStructureId: w.structures.sarthe.id, ownerNetworkId: w.networks.pdl.id })
	).slug;
});
afterAll(() => handle.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	return (error as DomainError).code;
}

async function fieldsOf(promise: Promise<unknown>): Promise<Record<string, string>> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	return (error as DomainError).fields;
}

const form = (overrides: Record<string, string> = {}) => ({
	title: 'Les codes de l’entretien',
	day: '2026-11-26',
	time: '14:00',
	durationMinutes: '90',
	mode: 'on_site',
	siteId,
	remoteInfo: '',
	capacity: '20',
	timerSeconds: '30',
	...overrides
});

async function aWorkshop(actor: Actor = w.actors.counselor, overrides: Record<string, string> = {}) {
	return createWorkshop(deps, actor, form(overrides));
}

describe('planning a workshop', () => {
	it('creates a workshop with a Paris wall-clock time', async () => {
		const row = await aWorkshop();
		expect(row.structureId).toBe(w.structures.lyon.id);
		expect(row.createdBy).toBe(w.people.counselor.id);
		expect(row.phase).toBe('scheduled');
		expect(parisDay(row.startsAt)).toBe('2026-11-26');
		expect(parisTime(row.startsAt)).toBe('14:00');
		expect(row.startsAt.toISOString()).toBe('2026-11-26T13:00:00.000Z');
		expect(row.timerSeconds).toBe(30);
		expect(row.remoteInfo).toBeNull();
	});

	it('validates every field with French messages', async () => {
		const fields = await fieldsOf(
			createWorkshop(deps, w.actors.counselor, {
				title: 'a',
				day: '2026-02-31',
				time: '25:00',
				durationMinutes: '2',
				mode: 'ailleurs',
				siteId: 'pas-un-id',
				remoteInfo: '',
				capacity: '501',
				timerSeconds: '3'
			})
		);
		expect(fields.title).toMatch(/au moins 3/);
		expect(fields.day).toMatch(/date valide/);
		expect(fields.time).toMatch(/heure/);
		expect(fields.durationMinutes).toMatch(/5 minutes/);
		expect(fields.mode).toMatch(/sur place/);
		expect(fields.capacity).toMatch(/500/);
		expect(fields.timerSeconds).toMatch(/5 à 600/);
		expect(fields.siteId).toMatch(/lieu/);
	});

	it('asks for a place on site and for remote instructions at a distance (https links only)', async () => {
		expect((await fieldsOf(aWorkshop(undefined, { siteId: '' }))).siteId).toMatch(/lieu/);
		expect((await fieldsOf(aWorkshop(undefined, { mode: 'remote' }))).remoteInfo).toMatch(/visio/);
		expect((await fieldsOf(aWorkshop(undefined, { mode: 'mixed', remoteInfo: 'http://visio.example.org/salle' }))).remoteInfo).toMatch(/https/);
		expect((await fieldsOf(aWorkshop(undefined, { mode: 'remote', remoteInfo: 'x'.repeat(301) }))).remoteInfo).toMatch(/300/);
		const remote = await aWorkshop(undefined, { mode: 'remote', siteId: '', remoteInfo: 'https://visio.example.org/salle-42', timerSeconds: '' });
		expect(remote.siteId).toBeNull();
		expect(remote.remoteInfo).toBe('https://visio.example.org/salle-42');
		expect(remote.timerSeconds).toBeNull();
		const phone = await aWorkshop(undefined, { mode: 'mixed', remoteInfo: 'Appelez le 04 72 00 00 00, code 1234' });
		expect(phone.remoteInfo).toMatch(/04 72/);
		expect(phone.siteId).toBe(siteId);
	});

	it('refuses a site of another structure', async () => {
		expect(await codeOf(aWorkshop(undefined, { siteId: otherSiteId }))).toBe('workshops.site_not_found');
	});

	it('updates until the end, deletes only while scheduled', async () => {
		const row = await aWorkshop();
		const updated = await updateWorkshop(deps, w.actors.counselor2, row.id, form({ title: 'Préparer son entretien', capacity: '12' }));
		expect(updated.title).toBe('Préparer son entretien');
		expect(updated.capacity).toBe(12);
		await deps.db.update(workshops).set({ phase: 'lobby' }).where(eq(workshops.id, row.id));
		expect(await codeOf(deleteWorkshop(deps, w.actors.counselor, row.id))).toBe('workshops.delete_refused');
		await deps.db.update(workshops).set({ phase: 'ended' }).where(eq(workshops.id, row.id));
		expect(await codeOf(updateWorkshop(deps, w.actors.counselor, row.id, form()))).toBe('workshops.locked_after_end');
		const other = await aWorkshop();
		await deleteWorkshop(deps, w.actors.counselor, other.id);
		expect(await deps.db.select().from(workshops).where(eq(workshops.id, other.id))).toHaveLength(0);
	});
});

describe('questions', () => {
	it('copies the questions (not the cards) of a visible published module, once', async () => {
		const row = await aWorkshop();
		const { workshop, added } = await addModuleQuestions(deps, w.actors.counselor, row.id, moduleSlug);
		expect(added).toBe(5);
		expect(workshop.questions.map((q) => q.question.kind)).toEqual(['single', 'multiple', 'true_false', 'order', 'situation']);
		expect(workshop.questions[0]!.source).toEqual({ slug: moduleSlug, title: expect.any(String) });
		const again = await addModuleQuestions(deps, w.actors.counselor, row.id, moduleSlug);
		expect(again.added).toBe(0);
		expect(again.workshop.questions).toHaveLength(5);
	});

	it('refuses modules the structure’s youth cannot see, and unknown slugs', async () => {
		const row = await aWorkshop();
		expect(await codeOf(addModuleQuestions(deps, w.actors.counselor, row.id, sartheModuleSlug))).toBe('workshops.module_not_found');
		expect(await codeOf(addModuleQuestions(deps, w.actors.counselor, row.id, 'nulle-part'))).toBe('workshops.module_not_found');
		// Sarthe's own counselors can add it to their workshops.
		const sarthe = await createWorkshop(deps, w.actors.farCounselor, form({ mode: 'remote', siteId: '', remoteInfo: 'https://visio.example.org/s' }));
		expect((await addModuleQuestions(deps, w.actors.farCounselor, sarthe.id, sartheModuleSlug)).added).toBe(5);
	});

	it('adds ad-hoc questions with French validation per field', async () => {
		const row = await aWorkshop();
		const fields = await fieldsOf(
			addAdHocQuestion(deps, w.actors.counselor, row.id, { kind: 'single', prompt: 'Q', choice1: 'Oui', correct: '3', explanation: '' })
		);
		expect(fields.prompt).toMatch(/au moins 3/);
		expect(fields.choice2).toMatch(/deux réponses/);
		expect(fields.correct).toMatch(/réponses écrites/);
		expect(fields.explanation).toMatch(/obligatoire/);
		expect((await fieldsOf(addAdHocQuestion(deps, w.actors.counselor, row.id, { kind: 'true_false', prompt: 'Une affirmation', explanation: 'Car.' }))).answer).toMatch(
			/vraie ou fausse/
		);
		const single = await addAdHocQuestion(deps, w.actors.counselor, row.id, {
			kind: 'single',
			prompt: 'Combien de temps dure un entretien ?',
			choice1: '5 minutes',
			choice2: '',
			choice3: '30 à 45 minutes',
			choice4: '3 heures',
			correct: '3',
			explanation: 'Le plus souvent entre une demi-heure et trois quarts d’heure.'
		});
		const q = single.questions[0]!.question;
		expect(q.kind).toBe('single');
		if (q.kind !== 'single') throw new Error('kind');
		expect(q.choices.map((c) => [c.label, c.correct])).toEqual([
			['5 minutes', false],
			['30 à 45 minutes', true],
			['3 heures', false]
		]);
		const tf = await addAdHocQuestion(deps, w.actors.counselor, row.id, { kind: 'true_false', prompt: 'On peut poser des questions au recruteur.', answer: 'true', explanation: 'Oui.' });
		expect(tf.questions[1]!.question).toMatchObject({ kind: 'true_false', answer: true });
		expect(tf.questions[1]!.source).toBeNull();
	});

	it('moves and removes questions, checks the id the page saw', async () => {
		const row = await aWorkshop();
		const { workshop } = await addModuleQuestions(deps, w.actors.counselor, row.id, moduleSlug);
		const ids = workshop.questions.map((q) => q.question.id);
		const moved = await moveQuestion(deps, w.actors.counselor, row.id, { index: 1, questionId: ids[1], direction: 'up' });
		expect(moved.questions.map((q) => q.question.id)).toEqual([ids[1], ids[0], ids[2], ids[3], ids[4]]);
		const top = await moveQuestion(deps, w.actors.counselor, row.id, { index: 0, questionId: ids[1], direction: 'up' });
		expect(top.questions[0]!.question.id).toBe(ids[1]);
		expect(await codeOf(removeQuestion(deps, w.actors.counselor, row.id, { index: 0, questionId: ids[0] }))).toBe('workshops.question_not_found');
		expect(await codeOf(removeQuestion(deps, w.actors.counselor, row.id, { index: 9 }))).toBe('workshops.question_not_found');
		const removed = await removeQuestion(deps, w.actors.counselor, row.id, { index: 0, questionId: ids[1] });
		expect(removed.questions.map((q) => q.question.id)).toEqual([ids[0], ids[2], ids[3], ids[4]]);
	});

	it('stops question changes once the session has started, and caps at 50', async () => {
		const row = await aWorkshop();
		await deps.db.update(workshops).set({ phase: 'question', currentIndex: 0 }).where(eq(workshops.id, row.id));
		expect(await codeOf(addModuleQuestions(deps, w.actors.counselor, row.id, moduleSlug))).toBe('workshops.already_started');
		const full = await aWorkshop();
		const many = Array.from({ length: 48 }, (_, i) => ({
			question: { kind: 'true_false' as const, id: `t${i}`, prompt: `Affirmation ${i}`, answer: true, explanation: 'Car.' },
			source: null
		}));
		await deps.db.update(workshops).set({ questions: many }).where(eq(workshops.id, full.id));
		expect(await codeOf(addModuleQuestions(deps, w.actors.counselor, full.id, moduleSlug))).toBe('workshops.too_many_questions');
	});
});

describe('access', () => {
	it('hides a workshop from counselors of another structure (not found everywhere) and refuses youth and mentors', async () => {
		const row = await aWorkshop();
		const other = w.actors.otherCounselor;
		const notFound = [
			() => updateWorkshop(deps, other, row.id, form()),
			() => deleteWorkshop(deps, other, row.id),
			() => addModuleQuestions(deps, other, row.id, moduleSlug),
			() => addAdHocQuestion(deps, other, row.id, {}),
			() => removeQuestion(deps, other, row.id, { index: 0 }),
			() => moveQuestion(deps, other, row.id, { index: 0, direction: 'up' }),
			() => inviteYouth(deps, other, row.id, [w.youths.otherYouth.id]),
			() => uninviteYouth(deps, other, row.id, w.youths.youth.id),
			() => publishReplay(deps, other, row.id),
			() => getWorkshopForStaff(deps, other, row.id),
			() => getWorkshopResults(deps, other, row.id),
			() => workshopResultsCsv(deps, other, row.id),
			() => getWorkshopForStaff(deps, w.actors.farManager, row.id),
			() => getWorkshopForStaff(deps, w.actors.counselor, randomUUID()),
			() => getWorkshopForStaff(deps, w.actors.counselor, 'pas-un-id'),
		];
		for (const call of notFound) expect(await codeOf(call())).toBe('workshops.not_found');
		expect((await listWorkshopsForStaff(deps, other)).some((x) => x.id === row.id)).toBe(false);
		for (const actor of [w.actors.youth, w.actors.mentor, w.actors.referent, w.actors.companyContact, w.actors.admin]) {
			expect(await codeOf(createWorkshop(deps, actor, form()))).toBe('access.forbidden');
			expect(await codeOf(getWorkshopForStaff(deps, actor, row.id))).toBe('access.forbidden');
			expect(await codeOf(listWorkshopsForStaff(deps, actor))).toBe('access.forbidden');
			expect(await codeOf(addModuleQuestions(deps, actor, row.id, moduleSlug))).toBe('access.forbidden');
			expect(await codeOf(inviteYouth(deps, actor, row.id, [w.youths.youth.id]))).toBe('access.forbidden');
			expect(await codeOf(getWorkshopResults(deps, actor, row.id))).toBe('access.forbidden');
		}
		expect(await codeOf(createWorkshop(deps, null, form()))).toBe('access.unauthenticated');
	});

	it('invites only youth of the structure, idempotently; the youth agenda shows only own invitations', async () => {
		const row = await aWorkshop(undefined, { title: 'Atelier invitations' });
		for (const foreign of [w.youths.otherYouth.id, w.youths.farYouth.id, w.people.counselor.id, randomUUID()]) {
			expect(await codeOf(inviteYouth(deps, w.actors.counselor, row.id, [foreign]))).toBe('workshops.youth_not_found');
		}
		expect(await codeOf(inviteYouth(deps, w.actors.counselor, row.id, ['pas-un-id']))).toBe('validation.invalid');
		expect(await inviteYouth(deps, w.actors.counselor, row.id, [w.youths.youth.id, w.youths.youthOfColleague.id])).toEqual({ invited: 2 });
		expect(await inviteYouth(deps, w.actors.counselor, row.id, [w.youths.youth.id])).toEqual({ invited: 0 });
		const details = await getWorkshopForStaff(deps, w.actors.counselor, row.id);
		expect(details.invited.map((i) => i.name).sort()).toEqual(['Inès Moreau', 'Karim Haddad']);

		const karim = await listWorkshopsForYouth(deps, w.actors.youth);
		const mine = karim.find((x) => x.id === row.id)!;
		expect(mine).toMatchObject({ title: 'Atelier invitations', live: false, joinPath: null, modeLabel: 'Sur place' });
		expect(mine.place).toMatch(/Antenne Part-Dieu/);
		await uninviteYouth(deps, w.actors.counselor, row.id, w.youths.youthOfColleague.id);
		await uninviteYouth(deps, w.actors.counselor, row.id, w.youths.youthOfColleague.id);
		expect((await getWorkshopForStaff(deps, w.actors.counselor, row.id)).invited.map((i) => i.name)).toEqual(['Karim Haddad']);
		// Live: the join link appears.
		await deps.db.update(workshops).set({ phase: 'lobby', joinCode: '482913' }).where(eq(workshops.id, row.id));
		expect((await listWorkshopsForYouth(deps, w.actors.youth)).find((x) => x.id === row.id)).toMatchObject({ live: true, joinPath: '/atelier/482913' });
		// Not invited: not shown. Staff: refused.
		const notInvited = await aWorkshop(undefined, { title: 'Sans Karim' });
		expect((await listWorkshopsForYouth(deps, w.actors.youth)).some((x) => x.id === notInvited.id)).toBe(false);
		expect(await codeOf(listWorkshopsForYouth(deps, w.actors.counselor))).toBe('access.forbidden');
		// Past and ended: gone from the agenda.
		await deps.db.update(workshops).set({ phase: 'ended' }).where(eq(workshops.id, row.id));
		expect((await listWorkshopsForYouth(deps, w.actors.youth)).some((x) => x.id === row.id)).toBe(false);
	});

	it('lets a youth sign up for an upcoming workshop of their structure, those on their recommended parcours first, within capacity', async () => {
		const plain = await aWorkshop(undefined, { title: 'Atelier sans lien', day: '2026-11-25', capacity: '1' });
		await addAdHocQuestion(deps, w.actors.counselor, plain.id, { kind: 'true_false', prompt: 'On peut venir en jogging.', answer: 'false', explanation: 'Mieux vaut une tenue simple et propre.' });
		const matching = await aWorkshop(undefined, { title: 'Atelier du parcours', day: '2026-11-27' });
		await addModuleQuestions(deps, w.actors.counselor, matching.id, moduleSlug);
		const empty = await aWorkshop(undefined, { title: 'Atelier sans question', day: '2026-11-24' });

		const open = await listOpenWorkshopsForYouth(deps, w.actors.youth, { preferSlugs: [moduleSlug], limit: 50 });
		const titles = open.map((x) => x.title);
		expect(titles.indexOf('Atelier du parcours')).toBeLessThan(titles.indexOf('Atelier sans lien'));
		expect(titles).not.toContain('Atelier sans question');
		expect(open.find((x) => x.id === matching.id)).toMatchObject({ matches: true, registered: false });
		expect(open.find((x) => x.id === plain.id)).toMatchObject({ matches: false, seatsLeft: 1 });

		expect(await registerForWorkshop(deps, w.actors.youth, plain.id)).toEqual({ registered: true });
		expect(await registerForWorkshop(deps, w.actors.youth, plain.id)).toEqual({ registered: false });
		expect((await listWorkshopsForYouth(deps, w.actors.youth)).some((x) => x.id === plain.id)).toBe(true);
		expect((await listOpenWorkshopsForYouth(deps, w.actors.youth, { limit: 50 })).find((x) => x.id === plain.id)).toMatchObject({ registered: true, seatsLeft: 0 });
		// The only seat is taken: another youth of Lyon is told it is full.
		const ines: Actor = { ...w.actors.youth, userId: w.youths.youthOfColleague.id };
		expect(await codeOf(registerForWorkshop(deps, ines, plain.id))).toBe('workshops.full');
		// Another structure's youth, a forged id, a counselor, a started or past workshop: refused.
		const lea: Actor = { ...w.actors.youth, userId: w.youths.otherYouth.id, structureId: w.structures.villeurbanne.id };
		expect(await codeOf(registerForWorkshop(deps, lea, matching.id))).toBe('workshops.not_found');
		expect((await listOpenWorkshopsForYouth(deps, lea, { limit: 50 })).some((x) => x.id === matching.id)).toBe(false);
		expect(await codeOf(registerForWorkshop(deps, w.actors.youth, randomUUID()))).toBe('workshops.not_found');
		expect(await codeOf(registerForWorkshop(deps, w.actors.counselor, matching.id))).toBe('access.forbidden');
		await deps.db.update(workshops).set({ phase: 'lobby', joinCode: '551234' }).where(eq(workshops.id, matching.id));
		expect(await codeOf(registerForWorkshop(deps, w.actors.youth, matching.id))).toBe('workshops.not_found');
		await deps.db.update(workshops).set({ startsAt: new Date(START.getTime() - 3600_000) }).where(eq(workshops.id, empty.id));
		expect(await codeOf(registerForWorkshop(deps, w.actors.youth, empty.id))).toBe('workshops.not_found');
	});

	it('lists invitable youth of the structure only, by name', async () => {
		const all = await listInvitableYouth(deps, w.actors.counselor);
		expect(all.youth.map((y) => y.name)).toEqual(expect.arrayContaining(['Karim Haddad', 'Inès Moreau']));
		expect(all.youth.some((y) => y.name === 'Léa Nguyen')).toBe(false);
		const found = await listInvitableYouth(deps, w.actors.counselor, 'kar');
		expect(found.youth).toHaveLength(1);
		expect(found.youth[0]!.referentName).toBeTruthy();
		expect(await codeOf(listInvitableYouth(deps, w.actors.youth))).toBe('access.forbidden');
	});
});

/** An ended workshop with three players (Karim signed in, two guests with tricky nicknames) and their answers. */
async function anEndedWorkshop() {
	const row = await aWorkshop(undefined, { title: 'Atelier terminé' });
	await addModuleQuestions(deps, w.actors.counselor, row.id, moduleSlug);
	await addAdHocQuestion(deps, w.actors.counselor, row.id, { kind: 'true_false', prompt: '=1+1 est une formule', answer: 'false', explanation: 'C’est un piège.' });
	await inviteYouth(deps, w.actors.counselor, row.id, [w.youths.youth.id, w.youths.youthOfColleague.id]);
	await deps.db.update(workshops).set({ phase: 'ended', endedAt: clock, currentIndex: 5 }).where(eq(workshops.id, row.id));
	let joined = 0;
	const player = async (nickname: string, youthId: string | null = null) =>
		(
			await deps.db
				.insert(workshopPlayers)
				.values({ workshopId: row.id, nickname, youthId, secretHash: randomUUID(), joinedAt: new Date(clock.getTime() + ++joined * 1000) })
				.returning()
		)[0]!;
	const karim = await player('Karim', w.youths.youth.id);
	const quote = await player('Le "boss"; 1er\nde la classe');
	const formula = await player('=cmd|calc');
	const answer = (playerId: string, questionIndex: number, response: unknown, correct: boolean, points: number) =>
		deps.db.insert(workshopAnswers).values({ workshopId: row.id, playerId, questionIndex, response, correct, points, elapsedMs: 4200 });
	await answer(karim.id, 0, { choice: 'a' }, true, 900);
	await answer(karim.id, 2, { value: true }, true, 800);
	await answer(karim.id, 3, { order: ['a', 'b', 'c'] }, true, 700);
	await answer(quote.id, 0, { choice: 'b' }, false, 0);
	await answer(quote.id, 1, { choices: ['a', 'b'] }, true, 950);
	await answer(formula.id, 0, { choice: 'a' }, true, 950);
	await answer(formula.id, 5, { value: true }, false, 0);
	return { row, karim, quote, formula };
}

/** A minimal CSV reader (RFC 4180 with `;`), written here so the round trip needs no library. */
function readCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ';') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	return rows;
}

describe('results, CSV and replay', () => {
	it('refuses results before the end', async () => {
		const row = await aWorkshop();
		expect(await codeOf(getWorkshopResults(deps, w.actors.counselor, row.id))).toBe('workshops.not_ended');
		expect(await codeOf(workshopResultsCsv(deps, w.actors.counselor, row.id))).toBe('workshops.not_ended');
		expect(await codeOf(publishReplay(deps, w.actors.counselor, row.id))).toBe('workshops.not_ended');
	});

	it('gives results per question, per participant, and the attendance', async () => {
		const { row } = await anEndedWorkshop();
		const results = await getWorkshopResults(deps, w.actors.counselor2, row.id);
		expect(results.participants.map((p) => [p.nickname, p.youthName, p.score, p.rank, p.right, p.answered, p.total])).toEqual([
			['Karim', 'Karim Haddad', 2400, 1, 3, 3, 6],
			['=cmd|calc', null, 950, 2, 1, 2, 6],
			['Le "boss"; 1er\nde la classe', null, 950, 2, 1, 2, 6]
		]);
		const first = results.questions[0]!;
		expect(first).toMatchObject({ answered: 3, right: 2, percentRight: 67 });
		expect(first.distribution).toEqual([
			{ label: 'En avance', count: 2, correct: true },
			{ label: 'En retard', count: 1, correct: false }
		]);
		expect(results.questions[2]!.distribution).toEqual([
			{ label: 'Vrai', count: 1, correct: true },
			{ label: 'Faux', count: 0, correct: false }
		]);
		expect(results.questions[4]).toMatchObject({ answered: 0, percentRight: null });
		expect(results.attendance).toEqual([
			{ youthId: w.youths.youthOfColleague.id, name: 'Inès Moreau', present: false },
			{ youthId: w.youths.youth.id, name: 'Karim Haddad', present: true }
		]);
	});

	it('exports a CSV for French Excel that survives a round trip of tricky nicknames', async () => {
		const { row } = await anEndedWorkshop();
		const { csv, filename } = await workshopResultsCsv(deps, w.actors.counselor, row.id);
		expect(filename).toBe('atelier-2026-11-26-resultats.csv');
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const rows = readCsv(csv.slice(1));
		expect(rows[0]![0]).toBe('Participant');
		expect(rows).toHaveLength(1 + 3 * 6);
		expect(rows.every((r) => r.length === 10)).toBe(true);
		const nicknames = [...new Set(rows.slice(1).map((r) => r[0]))];
		expect(nicknames).toEqual(['Karim', "'=cmd|calc", 'Le "boss"; 1er\nde la classe']);
		const karimFirst = rows[1]!;
		expect(karimFirst).toEqual(['Karim', 'Karim Haddad', '1', '2400', '1', 'Quelle heure est la bonne ?', 'En avance', 'Juste', '900', '4,2']);
		const formulaPrompt = rows.find((r) => r[0] === "'=cmd|calc" && r[4] === '6')!;
		expect(formulaPrompt[5]).toBe("'=1+1 est une formule");
		expect(formulaPrompt[6]).toBe('Vrai');
		expect(formulaPrompt[7]).toBe('Faux');
		expect(rows.find((r) => r[0] === 'Karim' && r[4] === '4')![6]).toBe('Dire bonjour > Se présenter > Répondre aux questions');
		expect(rows.find((r) => r[0] === 'Karim' && r[4] === '2')![7]).toBe('Sans réponse');
	});

	it('neutralises formulas in every cell', () => {
		for (const v of ['=1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(v).replace(/^"/, '').startsWith("'")).toBe(true);
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('ok')).toBe('ok');
		expect(csvCell(-3)).toBe("'-3");
	});

	it('shows attended workshops in the youth file, to the staff of the youth’s structure only', async () => {
		const { row } = await anEndedWorkshop();
		const list = await getYouthWorkshops(deps, w.actors.counselor2, w.youths.youth.id);
		expect(list!.find((x) => x.id === row.id)).toMatchObject({ title: 'Atelier terminé', score: 2400, rank: 1, players: 3, right: 3, total: 6, ended: true });
		expect(await getYouthWorkshops(deps, w.actors.otherCounselor, w.youths.youth.id)).toBeNull();
		expect(await getYouthWorkshops(deps, w.actors.youth, w.youths.youth.id)).toBeNull();
		expect(await getYouthWorkshops(deps, w.actors.counselor, randomUUID())).toBeNull();
		expect(await getYouthWorkshops(deps, w.actors.counselor, w.youths.youthOfColleague.id)).toEqual([]);
	});

	it('publishes a playable solo module once', async () => {
		const { row } = await anEndedWorkshop();
		const first = await publishReplay(deps, w.actors.counselor, row.id);
		expect(first.created).toBe(true);
		expect(first.slug).toMatch(/^atelier-[0-9a-f]{8}$/);
		const second = await publishReplay(deps, w.actors.counselor2, row.id);
		expect(second).toEqual({ slug: first.slug, created: false });
		const viewer = { actor: w.actors.youth, guestId: null };
		const overview = await getModuleOverview(deps, viewer, first.slug);
		expect(overview).toMatchObject({ title: 'Atelier : Atelier terminé', questionCount: 6 });
		// Another structure's youth do not see it.
		const farViewer = { actor: { ...w.actors.youth, userId: w.youths.farYouth.id, structureId: w.structures.sarthe.id, networkId: w.networks.pdl.id }, guestId: null };
		expect(await getModuleOverview(deps, farViewer, first.slug)).toBeNull();
		// Karim plays it.
		const { attemptId } = await startAttempt(deps, viewer, { slug: first.slug });
		const play = await getPlayState(deps, viewer, first.slug, attemptId);
		expect(play).toBeTruthy();
		expect((await deps.db.select().from(workshops).where(eq(workshops.id, row.id)))[0]!.replaySlug).toBe(first.slug);
	});

	it('lists the structure’s workshops with their counts, open ones first', async () => {
		const { row } = await anEndedWorkshop();
		const list = await listWorkshopsForStaff(deps, w.actors.counselor);
		const ended = list.find((x) => x.id === row.id)!;
		expect(ended).toMatchObject({ questionCount: 6, invitedCount: 2, playerCount: 3, phaseLabel: 'Terminé' });
		const firstEnded = list.findIndex((x) => x.phase === 'ended');
		expect(list.slice(firstEnded).every((x) => x.phase === 'ended')).toBe(true);
	});
});
