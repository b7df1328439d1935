import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenFromUrl, screenHref, submitScreen, previousScreen, type Screen } from '$lib/cv/steps';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { DomainError } from '$lib/server/platform/errors/errors';
import { aWorld, type World } from '$lib/server/testing/world';
import { applyCvOperations, createCv, cvContent, getCv, type CvDraft } from './index';
import { suggestedSkills, suggestedSoftSkills } from './cv.skills';
import { operationsFromForm } from './cv.steps';
import { cvDraft } from './cv.validation';

/** A form as the browser sends it: repeated names for checkboxes. */
function form(entries: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(entries)) for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
	return data;
}
const empty = () => cvDraft.parse({});
const ids = () => {
	let n = 0;
	return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};

describe('les écrans du CV deviennent des opérations', () => {
	it('lit l’adresse d’un écran et refuse une étape inconnue', () => {
		expect(screenFromUrl('coordonnees', new URLSearchParams())).toEqual({ step: 'coordonnees', q: 'nom' });
		expect(screenFromUrl('inconnue', new URLSearchParams())).toBeNull();
		expect(screenFromUrl('experiences', new URLSearchParams('q=quand&item=pas-un-id'))).toEqual({ step: 'experiences', q: 'liste' });
		expect(screenFromUrl('experiences', new URLSearchParams('q=phrases'))).toEqual({ step: 'experiences', q: 'type' });
		const phrases: Screen = { step: 'experiences', q: 'phrases', kind: 'family_help', text: 'j’ai gardé mes petits frères' };
		const href = screenHref('c', phrases);
		expect(screenFromUrl('experiences', new URL(href, 'http://x').searchParams)).toEqual(phrases);
		expect(previousScreen({ step: 'titre', q: 'titre' })).toEqual({ step: 'coordonnees', q: 'commune' });
		expect(previousScreen({ step: 'coordonnees', q: 'nom' })).toBeNull();
	});

	it('coordonnées : une question par écran, le prénom est nécessaire, l’e-mail vérifié', () => {
		const draft = empty();
		const name = submitScreen({ step: 'coordonnees', q: 'nom' }, form({ prenom: ' Inès ', nom: 'Martin' }), draft, ids());
		expect(name).toMatchObject({ ok: true, next: { step: 'coordonnees', q: 'email' }, operations: [{ op: 'set', field: 'contact', value: { firstName: 'Inès', lastName: 'Martin' } }] });
		expect(submitScreen({ step: 'coordonnees', q: 'nom' }, form({ prenom: '' }), draft, ids())).toEqual({ ok: false, field: 'prenom', message: 'Ton prénom est nécessaire.' });
		expect(submitScreen({ step: 'coordonnees', q: 'email' }, form({ email: 'ines@' }), draft, ids())).toMatchObject({ ok: false, field: 'email' });
		expect(submitScreen({ step: 'coordonnees', q: 'telephone' }, form({ intent: 'skip', telephone: 'n’importe quoi' }), draft, ids())).toEqual({ ok: true, operations: [], next: { step: 'coordonnees', q: 'commune' } });
		expect(submitScreen({ step: 'coordonnees', q: 'commune' }, form({ commune: 'Vénissieux' }), draft, ids())).toMatchObject({ ok: true, next: { step: 'titre', q: 'titre' } });
		expect(submitScreen({ step: 'titre', q: 'titre' }, form({ titre: ' ' }), draft, ids())).toMatchObject({ ok: false, field: 'titre' });
	});

	it('expériences : genre → « Qu’as-tu fait ? » → phrases cochées et modifiées + qualités → quand → où', () => {
		let draft = empty();
		const type = submitScreen({ step: 'experiences', q: 'type' }, form({ type: 'family_help' }), draft, ids());
		expect(type).toEqual({ ok: true, operations: [], next: { step: 'experiences', q: 'quoi', kind: 'family_help' } });
		expect(submitScreen({ step: 'experiences', q: 'type' }, form({ type: 'pirate' }), draft, ids())).toMatchObject({ ok: false, field: 'type' });
		const what = submitScreen({ step: 'experiences', q: 'quoi', kind: 'family_help' }, form({ texte: 'j’ai gardé mes petits frères' }), draft, ids());
		expect(what).toMatchObject({ ok: true, next: { q: 'phrases', kind: 'family_help', text: 'j’ai gardé mes petits frères' } });
		const item = randomUUID();
		const kept = submitScreen(
			{ step: 'experiences', q: 'phrases', kind: 'family_help', text: 'j’ai gardé mes petits frères' },
			form({ item, titre: 'Aide à la famille', garder: ['0', '2'], 'ligne-0': 'Garde de mes deux petits frères après l’école', 'ligne-1': 'pas gardée', 'ligne-2': 'Aide aux devoirs', 'ligne-perso': 'Préparation des goûters', qualite: ['Patience', 'Fiabilité'] }),
			draft,
			ids()
		);
		expect(kept.ok).toBe(true);
		if (!kept.ok) return;
		expect(kept.operations).toEqual([
			{ id: expect.any(String), op: 'upsert', list: 'experiences', item: { id: item, kind: 'family_help', title: 'Aide à la famille', current: false, bullets: ['Garde de mes deux petits frères après l’école', 'Aide aux devoirs', 'Préparation des goûters'] } },
			{ id: expect.any(String), op: 'set', field: 'softSkills', value: ['Patience', 'Fiabilité'] }
		]);
		expect(kept.next).toEqual({ step: 'experiences', q: 'quand', item });
		draft = { ...draft, experiences: [kept.operations[0]!.op === 'upsert' ? (kept.operations[0]!.item as CvDraft['experiences'][number]) : draft.experiences[0]!] };
		const when = submitScreen({ step: 'experiences', q: 'quand', item }, form({ 'debut-mois': '9', 'debut-annee': '2023', 'en-cours': 'on' }), draft, ids());
		expect(when).toMatchObject({ ok: true, operations: [{ item: { start: '2023-09', current: true, end: undefined } }], next: { q: 'ou', item } });
		const reversed = submitScreen({ step: 'experiences', q: 'quand', item }, form({ 'debut-mois': '9', 'debut-annee': '2024', 'fin-mois': '1', 'fin-annee': '2023' }), draft, ids());
		expect(reversed).toEqual({ ok: false, field: 'fin', message: 'La fin est avant le début : vérifie les dates.' });
		expect(submitScreen({ step: 'experiences', q: 'quand', item }, form({ 'debut-mois': '9' }), draft, ids())).toMatchObject({ ok: false, field: 'debut' });
		const where = submitScreen({ step: 'experiences', q: 'ou', item }, form({ organisation: 'Ma famille', lieu: 'Vénissieux' }), draft, ids());
		expect(where).toMatchObject({ ok: true, operations: [{ item: { organisation: 'Ma famille', place: 'Vénissieux', bullets: expect.any(Array) } }], next: { step: 'experiences', q: 'liste' } });
		expect(submitScreen({ step: 'experiences', q: 'ou', item: randomUUID() }, form({}), draft, ids())).toMatchObject({ ok: false, field: 'form' });
	});

	it('listes : monter, descendre, retirer visent l’élément par `target`, chaque opération a son id', () => {
		const a = randomUUID();
		const b = randomUUID();
		const draft = cvDraft.parse({ experiences: [{ id: a, kind: 'job', title: 'A' }, { id: b, kind: 'sport', title: 'B' }] });
		const up = submitScreen({ step: 'experiences', q: 'liste' }, form({ intent: `up:${b}` }), draft, ids());
		expect(up).toMatchObject({ ok: true, operations: [{ op: 'move', list: 'experiences', target: b, toIndex: 0 }] });
		const remove = submitScreen({ step: 'experiences', q: 'liste' }, form({ intent: `remove:${a}` }), draft, ids());
		expect(remove).toMatchObject({ ok: true, operations: [{ op: 'remove', list: 'experiences', target: a }] });
		if (up.ok && remove.ok) expect([up.operations[0]!.id, remove.operations[0]!.id]).not.toContain(b);
		expect(submitScreen({ step: 'experiences', q: 'liste' }, form({ intent: `up:${a}` }), draft, ids())).toMatchObject({ ok: true, operations: [] });
	});

	it('formations, sans diplôme ; compétences, langues, permis, intérêts, profil', () => {
		const draft = empty();
		expect(submitScreen({ step: 'formations', q: 'sans-diplome' }, form({ titre: '3e', ecole: 'Collège Triolet' }), draft, ids())).toMatchObject({
			ok: true,
			operations: [{ op: 'upsert', list: 'trainings', item: { title: '3e', school: 'Collège Triolet', status: 'attended' } }],
			next: { step: 'competences' }
		});
		expect(submitScreen({ step: 'formations', q: 'sans-diplome' }, form({ intent: 'skip' }), draft, ids())).toEqual({ ok: true, operations: [], next: { step: 'competences', q: 'competences' } });
		expect(submitScreen({ step: 'formations', q: 'ajout' }, form({ titre: 'CAP Cuisine', annee: '24' }), draft, ids())).toMatchObject({ ok: false, field: 'annee' });
		expect(
			submitScreen({ step: 'competences', q: 'competences' }, form({ competence: ['Encaissement'], 'competence-autre': 'Excel, encaissement, réparer des vélos', qualite: ['Patience'] }), draft, ids())
		).toMatchObject({ ok: true, operations: [{ field: 'skills', value: ['Encaissement', 'Excel', 'réparer des vélos'] }, { field: 'softSkills', value: ['Patience'] }] });
		expect(submitScreen({ step: 'langues', q: 'langues' }, form({ 'langue-0': 'Français', 'niveau-0': 'Langue maternelle', 'langue-1': 'Arabe', 'langue-2': '' }), draft, ids())).toMatchObject({
			ok: true,
			operations: [{ field: 'languages', value: [{ name: 'Français', level: 'Langue maternelle' }, { name: 'Arabe' }] }]
		});
		expect(submitScreen({ step: 'mobilite', q: 'mobilite' }, form({ permis: ['B', 'Z'], note: 'Vélo' }), draft, ids())).toMatchObject({
			operations: [{ field: 'mobility', value: { licences: ['B'], vehicle: false, note: 'Vélo' } }]
		});
		expect(submitScreen({ step: 'interets', q: 'interets' }, form({ 'interet-autre': Array.from({ length: 11 }, (_, i) => `i${i}`).join(',') }), draft, ids())).toMatchObject({ ok: false, field: 'interet-autre' });
		expect(submitScreen({ step: 'resume', q: 'resume' }, form({ resume: '' }), draft, ids())).toMatchObject({ ok: true, next: 'end' });
	});

	it('côté serveur, un écran refusé ne change rien et dit pourquoi', () => {
		const full = cvDraft.parse({ experiences: Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), kind: 'job', title: `E${i}` })) });
		const refused = operationsFromForm({ step: 'experiences', q: 'phrases', kind: 'sport' }, form({ titre: 'Foot' }), full);
		expect(refused).toEqual({ ok: false, field: 'titre', message: '20 expériences au plus : retire-en une avant d’en ajouter.' });
		const tooLong = operationsFromForm({ step: 'coordonnees', q: 'commune' }, form({ commune: 'x'.repeat(121) }), empty());
		expect(tooLong).toEqual({ ok: false, field: 'commune', message: '120 caractères au plus.' });
	});

	it('suggère des compétences selon le titre et des qualités selon les expériences', () => {
		expect(suggestedSkills({ title: 'Un emploi de vendeuse', experiences: [] }).slice(0, 2)).toEqual(['Accueil des clients', 'Encaissement']);
		expect(suggestedSkills({ title: '', experiences: [] })).toContain('Bureautique (Word, Excel)');
		expect(suggestedSoftSkills({ title: '', experiences: [{ kind: 'babysitting', title: 'Garde d’enfants' }] })).toContain('Patience');
	});
});

describe('le parcours, écran par écran, sur la base de données', () => {
	let handle: DatabaseHandle;
	let world: World;
	let otherYouth: Actor;
	const deps = () => ({ db: handle.db, now: () => new Date('2026-11-22T10:00:00Z') });

	beforeAll(async () => {
		handle = await createTestDatabase();
		world = await aWorld(handle.db);
		otherYouth = { userId: world.youths.otherYouth.id, role: 'youth', structureId: world.youths.otherYouth.structureId, networkId: null, companyId: null };
	});
	afterAll(() => handle.close());

	/** Submits a screen the way the form action does: ids made by the server, tried first, then applied. */
	async function screen(cvId: string, s: Screen, values: Record<string, string | string[]>, actor: Actor = world.actors.youth) {
		const cv = await getCv(deps(), actor, cvId);
		const result = operationsFromForm(s, form(values), cv.draft);
		if (!result.ok) throw new Error(result.message);
		return applyCvOperations(deps(), actor, cvId, result.operations);
	}

	it('un jeune sans expérience « formelle » obtient un CV complet et exportable', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV animation' });
		await screen(cv.id, { step: 'coordonnees', q: 'nom' }, { prenom: 'Karim', nom: 'Benali' });
		await screen(cv.id, { step: 'coordonnees', q: 'commune' }, { commune: 'Lyon 8e' });
		await screen(cv.id, { step: 'titre', q: 'titre' }, { titre: 'Un emploi d’animateur périscolaire' });
		const item = randomUUID();
		await screen(cv.id, { step: 'experiences', q: 'phrases', kind: 'family_help', text: 'j’ai gardé mes petits frères' }, { item, titre: 'Aide à la famille', garder: '0', 'ligne-0': 'Garde de jeunes enfants de la famille', qualite: 'Sens des responsabilités' });
		await screen(cv.id, { step: 'experiences', q: 'quand', item }, { 'debut-mois': '9', 'debut-annee': '2022', 'en-cours': 'on' });
		await screen(cv.id, { step: 'formations', q: 'sans-diplome' }, { titre: '3e' });
		await screen(cv.id, { step: 'competences', q: 'competences' }, { competence: 'Aide aux devoirs', qualite: ['Sens des responsabilités', 'Patience'] });
		await screen(cv.id, { step: 'langues', q: 'langues' }, { 'langue-0': 'Français', 'niveau-0': 'Langue maternelle' });
		await screen(cv.id, { step: 'mobilite', q: 'mobilite' }, { note: 'Transports en commun' });
		await screen(cv.id, { step: 'interets', q: 'interets' }, { interet: ['Football', 'Cuisine'] });
		const last = await screen(cv.id, { step: 'resume', q: 'resume' }, { resume: 'Sérieux et patient, je cherche un premier emploi auprès des enfants.' });
		expect(last.outcomes.every((o) => o.status === 'applied')).toBe(true);
		const { draft } = await getCv(deps(), world.actors.youth, cv.id);
		expect(draft.experiences).toEqual([
			{ id: item, kind: 'family_help', title: 'Aide à la famille', start: '2022-09', current: true, bullets: ['Garde de jeunes enfants de la famille'] }
		]);
		expect(draft.trainings[0]).toMatchObject({ title: '3e', status: 'attended' });
		expect(draft.softSkills).toEqual(['Sens des responsabilités', 'Patience']);
		expect(cvContent.safeParse(draft).success).toBe(true);
	});

	it('renvoyer les mêmes opérations (réseau revenu) ne crée pas de doublon ; déplacer deux fois marche', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV doublons' });
		const a = randomUUID();
		const b = randomUUID();
		const batch = [
			{ id: randomUUID(), op: 'upsert', list: 'experiences', item: { id: a, kind: 'sport', title: 'Club de foot' } },
			{ id: randomUUID(), op: 'upsert', list: 'experiences', item: { id: b, kind: 'volunteering', title: 'Restos du Cœur' } }
		];
		await applyCvOperations(deps(), world.actors.youth, cv.id, batch);
		const again = await applyCvOperations(deps(), world.actors.youth, cv.id, batch);
		expect(again.outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
		expect(again.draft.experiences).toHaveLength(2);
		await screen(cv.id, { step: 'experiences', q: 'liste' }, { intent: `up:${b}` });
		await screen(cv.id, { step: 'experiences', q: 'liste' }, { intent: `up:${a}` });
		await screen(cv.id, { step: 'experiences', q: 'liste' }, { intent: `remove:${a}` });
		const { draft } = await getCv(deps(), world.actors.youth, cv.id);
		expect(draft.experiences.map((e) => e.id)).toEqual([b]);
	});

	it('une opération refusée ne change rien ; le CV d’un autre jeune est introuvable', async () => {
		const cv = await createCv(deps(), world.actors.youth, { name: 'CV refus' });
		const before = await getCv(deps(), world.actors.youth, cv.id);
		const refused = await applyCvOperations(deps(), world.actors.youth, cv.id, [{ id: randomUUID(), op: 'set', field: 'contact', value: { firstName: 'K', email: 'pas-une-adresse' } }]);
		expect(refused.outcomes[0]).toMatchObject({ status: 'refused', field: 'contact.email', message: 'Adresse e-mail invalide.' });
		expect((await getCv(deps(), world.actors.youth, cv.id)).draft).toEqual(before.draft);
		const error = await screen(cv.id, { step: 'titre', q: 'titre' }, { titre: 'Pirate' }, otherYouth).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DomainError);
		expect((error as DomainError).code).toBe('cv.not_found');
		expect((await getCv(deps(), world.actors.youth, cv.id)).draft.title).toBe('');
	});
});
