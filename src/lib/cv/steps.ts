import type { CvOperation } from '$lib/server/modules/cv/cv.operations';
import type { CvDraft, ExperienceKind } from '$lib/server/modules/cv/cv.validation';

/**
 * The step-by-step CV builder (browser-safe, no dependency): which screens exist, in which order,
 * and how one screen's form becomes operations. The same code runs in the form action (without
 * JavaScript: ids made by the server) and in the page (with JavaScript, also offline: ids made by
 * the device, operations kept in the outbox). The server stays the judge: it validates every
 * operation again when it applies it.
 */

export const STEPS = [
	{ slug: 'coordonnees', label: 'Tes coordonnées' },
	{ slug: 'titre', label: 'Ce que tu cherches' },
	{ slug: 'experiences', label: 'Tes expériences' },
	{ slug: 'formations', label: 'Tes formations' },
	{ slug: 'competences', label: 'Tes compétences' },
	{ slug: 'langues', label: 'Tes langues' },
	{ slug: 'mobilite', label: 'Permis et mobilité' },
	{ slug: 'interets', label: 'Tes centres d’intérêt' },
	{ slug: 'resume', label: 'Ton profil en quelques mots' }
] as const;
export type StepSlug = (typeof STEPS)[number]['slug'];

/** The questions of each step (the first one is where the step starts). */
export const QUESTIONS: Record<StepSlug, readonly string[]> = {
	coordonnees: ['nom', 'email', 'telephone', 'commune'],
	titre: ['titre'],
	experiences: ['liste', 'type', 'quoi', 'phrases', 'quand', 'ou', 'modifier'],
	formations: ['liste', 'ajout', 'modifier', 'sans-diplome'],
	competences: ['competences'],
	langues: ['langues'],
	mobilite: ['mobilite'],
	interets: ['interets'],
	resume: ['resume']
};

/** One screen of the builder: a step, its question, and what the question is about. */
export interface Screen {
	step: StepSlug;
	q: string;
	/** The experience or training the screen is about. */
	item?: string;
	/** The kind of experience being added, and what the youth typed about it. */
	kind?: ExperienceKind;
	text?: string;
}

/** Friendly words for each kind of experience, informal ones first. */
export const KIND_CHOICES: { kind: ExperienceKind; label: string; hint: string }[] = [
	{ kind: 'babysitting', label: 'Garde d’enfants', hint: 'Baby-sitting, sorties d’école…' },
	{ kind: 'family_help', label: 'Aide à la famille', hint: 'Petits frères et sœurs, grands-parents, commerce familial, papiers…' },
	{ kind: 'sport', label: 'Club de sport', hint: 'Joueur, capitaine, arbitre, aide à l’entraînement…' },
	{ kind: 'volunteering', label: 'Bénévolat', hint: 'Association, distribution alimentaire, événement…' },
	{ kind: 'civic_service', label: 'Service civique', hint: 'Une mission de service civique.' },
	{ kind: 'odd_jobs', label: 'Petits boulots', hint: 'Déménagements, jardinage, ménage, bricolage…' },
	{ kind: 'school_project', label: 'Projet au collège ou au lycée', hint: 'Un projet en groupe, un exposé, une mini-entreprise…' },
	{ kind: 'internship', label: 'Stage', hint: 'Stage de 3e, de lycée, de formation…' },
	{ kind: 'apprenticeship', label: 'Alternance', hint: 'Apprentissage, contrat pro.' },
	{ kind: 'job', label: 'Emploi', hint: 'Un travail payé : CDD, intérim, job d’été…' },
	{ kind: 'other', label: 'Autre chose', hint: 'Tout ce qui t’a appris quelque chose.' }
];
const KINDS = KIND_CHOICES.map((k) => k.kind);

export const TRAINING_STATUS_CHOICES = [
	{ value: 'obtained', label: 'Obtenu' },
	{ value: 'in_progress', label: 'En cours' },
	{ value: 'not_obtained', label: 'Pas obtenu' },
	{ value: 'attended', label: 'Suivi, sans diplôme à la fin' }
] as const;

export const LICENCE_CHOICES = ['AM', 'A1', 'A2', 'B', 'BE', 'C'] as const;
export const LANGUAGE_LEVELS = ['Langue maternelle', 'Courant', 'Bon niveau', 'Notions'] as const;
export const INTEREST_SUGGESTIONS = ['Football', 'Musique', 'Cuisine', 'Jeux vidéo', 'Dessin', 'Danse', 'Lecture', 'Photo et vidéo', 'Bricolage', 'Bénévolat'] as const;
export const MONTH_NAMES = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'] as const;

/** An operation as the device sends it: its own id (the idempotency key) next to its body. */
export type DeviceOperation = CvOperation & { id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isStep = (value: string): value is StepSlug => STEPS.some((s) => s.slug === value);
export const stepNumber = (step: StepSlug) => STEPS.findIndex((s) => s.slug === step) + 1;

/** The screen a URL names (`/jeune/cv/<id>/etapes/<step>?q=…&item=…&type=…&texte=…`), or null. */
export function screenFromUrl(step: string, params: URLSearchParams): Screen | null {
	if (!isStep(step)) return null;
	const questions = QUESTIONS[step];
	const q = params.get('q') ?? '';
	const screen: Screen = { step, q: questions.includes(q) ? q : questions[0]! };
	const item = params.get('item');
	if (item && UUID.test(item)) screen.item = item.toLowerCase();
	const kind = params.get('type');
	if (kind && (KINDS as string[]).includes(kind)) screen.kind = kind as ExperienceKind;
	const text = params.get('texte');
	if (text) screen.text = text.slice(0, 300);
	// A screen about an item without its item, or an added experience without its kind, starts over.
	if (['quand', 'ou', 'modifier'].includes(screen.q) && !screen.item) screen.q = questions[0]!;
	if (['quoi', 'phrases'].includes(screen.q) && !screen.kind) screen.q = 'type';
	return screen;
}

export function screenHref(cvId: string, screen: Screen): string {
	const params = new URLSearchParams();
	if (screen.q !== QUESTIONS[screen.step][0]) params.set('q', screen.q);
	if (screen.item) params.set('item', screen.item);
	if (screen.kind) params.set('type', screen.kind);
	if (screen.text) params.set('texte', screen.text);
	const query = params.toString();
	return `/jeune/cv/${cvId}/etapes/${screen.step}${query ? `?${query}` : ''}`;
}

const first = (step: StepSlug): Screen => ({ step, q: QUESTIONS[step][0]! });

function nextStep(step: StepSlug): Screen | 'end' {
	const at = stepNumber(step);
	return at >= STEPS.length ? 'end' : first(STEPS[at]!.slug);
}

function previousStep(step: StepSlug): Screen | null {
	const at = stepNumber(step) - 2;
	if (at < 0) return null;
	const slug = STEPS[at]!.slug;
	return slug === 'coordonnees' ? { step: slug, q: 'commune' } : first(slug);
}

/** Where « Précédent » goes. */
export function previousScreen(screen: Screen): Screen | null {
	const { step, q } = screen;
	if (step === 'coordonnees') {
		const at = QUESTIONS.coordonnees.indexOf(q);
		return at > 0 ? { step, q: QUESTIONS.coordonnees[at - 1]! } : null;
	}
	if (step === 'experiences') {
		if (q === 'quoi') return { step, q: 'type' };
		if (q === 'phrases') return { step, q: 'quoi', kind: screen.kind, text: screen.text };
		if (q === 'ou') return { step, q: 'quand', item: screen.item };
		if (q !== 'liste') return first(step);
	}
	if (step === 'formations' && q !== 'liste') return first(step);
	return previousStep(step);
}

/** Whether « Passer » is offered (the question is optional). */
export function canSkip(screen: Screen): boolean {
	if (screen.step === 'coordonnees') return screen.q !== 'nom';
	if (screen.step === 'titre') return false;
	if (screen.step === 'experiences') return ['quoi', 'quand', 'ou'].includes(screen.q);
	if (screen.step === 'formations') return screen.q === 'sans-diplome';
	return true;
}

/** What a form gives (FormData fits). */
export interface FormLike {
	get(name: string): FormDataEntryValue | null;
	getAll(name: string): FormDataEntryValue[];
}

export type SubmitResult =
	| { ok: true; operations: DeviceOperation[]; next: Screen | 'end' }
	| { ok: false; field: string; message: string };

const str = (form: FormLike, name: string): string => {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
};
const all = (form: FormLike, name: string): string[] =>
	form
		.getAll(name)
		.filter((v): v is string => typeof v === 'string')
		.map((v) => v.trim())
		.filter(Boolean);
/** "Foot, cuisine" or one per line → ["Foot", "cuisine"]. */
const split = (value: string): string[] =>
	value
		.split(/[,;\n]/)
		.map((v) => v.trim())
		.filter(Boolean);
/** Keeps the first spelling of each entry (case and accents aside). */
export function unique(values: string[]): string[] {
	const seen = new Set<string>();
	const fold = (s: string) => s.toLocaleLowerCase('fr-FR').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
	return values.filter((v) => {
		const key = fold(v);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

const fail = (field: string, message: string): SubmitResult => ({ ok: false, field, message });
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "2024" + "9" → "2024-09"; a month without a year is an error. */
function monthOf(form: FormLike, prefix: string): string | undefined | Error {
	const year = str(form, `${prefix}-annee`);
	const month = str(form, `${prefix}-mois`);
	if (!year && !month) return undefined;
	if (!/^(19|20)\d\d$/.test(year)) return new Error('Choisis aussi l’année.');
	if (!month) return year + '-01';
	const m = Number(month);
	if (!Number.isInteger(m) || m < 1 || m > 12) return new Error('Choisis un mois de la liste.');
	return `${year}-${String(m).padStart(2, '0')}`;
}

type Experience = CvDraft['experiences'][number];
type Training = CvDraft['trainings'][number];

function datesOf(form: FormLike): { start?: string; end?: string; current: boolean } | SubmitResult {
	const start = monthOf(form, 'debut');
	if (start instanceof Error) return fail('debut', start.message);
	const current = form.get('en-cours') !== null;
	const end = current ? undefined : monthOf(form, 'fin');
	if (end instanceof Error) return fail('fin', end.message);
	if (start && end && end < start) return fail('fin', 'La fin est avant le début : vérifie les dates.');
	return { start, end, current };
}

/**
 * Turns one screen's form into operations and the next screen. `intent` is the button used:
 * "save" (Continuer), "skip" (Passer), or "remove:<id>", "up:<id>", "down:<id>" on the lists.
 */
export function submitScreen(screen: Screen, form: FormLike, draft: CvDraft, newId: () => string): SubmitResult {
	const intent = str(form, 'intent') || 'save';
	const { step, q } = screen;
	const done = (operations: DeviceOperation[], next: Screen | 'end'): SubmitResult => ({ ok: true, operations, next });
	const set = <F extends 'contact' | 'title' | 'summary' | 'skills' | 'softSkills' | 'languages' | 'mobility' | 'interests'>(field: F, value: unknown): DeviceOperation => ({
		id: newId(),
		op: 'set',
		field,
		value
	}) as DeviceOperation;

	// The lists: remove and reorder.
	const [action, target] = intent.split(':');
	if (target && (step === 'experiences' || step === 'formations')) {
		const list = step === 'experiences' ? 'experiences' : 'trainings';
		const items = draft[list] as { id?: string }[];
		const at = items.findIndex((i) => i.id === target);
		if (at < 0) return done([], first(step));
		const item = items[at]!.id!;
		if (action === 'remove') return done([{ id: newId(), op: 'remove', list, target: item }], first(step));
		if (action === 'up' && at > 0) return done([{ id: newId(), op: 'move', list, target: item, toIndex: at - 1 }], first(step));
		if (action === 'down' && at < items.length - 1) return done([{ id: newId(), op: 'move', list, target: item, toIndex: at + 1 }], first(step));
		return done([], first(step));
	}

	const forward = (): Screen | 'end' => {
		if (step === 'coordonnees') {
			const at = QUESTIONS.coordonnees.indexOf(q);
			return at < 3 ? { step, q: QUESTIONS.coordonnees[at + 1]! } : nextStep(step);
		}
		return nextStep(step);
	};
	if (intent === 'skip') {
		if (step === 'experiences' && q === 'quoi') return done([], { step, q: 'phrases', kind: screen.kind });
		if (step === 'experiences' && q === 'quand') return done([], { step, q: 'ou', item: screen.item });
		if (step === 'experiences' && q === 'ou') return done([], first(step));
		if (step === 'formations') return done([], nextStep(step));
		return done([], forward());
	}

	switch (step) {
		case 'coordonnees': {
			const contact = { ...draft.contact };
			if (q === 'nom') {
				contact.firstName = str(form, 'prenom');
				contact.lastName = str(form, 'nom');
				if (!contact.firstName) return fail('prenom', 'Ton prénom est nécessaire.');
			} else if (q === 'email') {
				const email = str(form, 'email');
				if (email && !EMAIL.test(email)) return fail('email', 'Adresse e-mail invalide : vérifie l’arobase et le point (exemple : prenom.nom@mail.fr).');
				contact.email = email || undefined;
			} else if (q === 'telephone') {
				const phone = str(form, 'telephone');
				if (phone && !/^[+\d][\d .-]{5,}$/.test(phone)) return fail('telephone', 'Numéro invalide : des chiffres seulement (exemple : 06 12 34 56 78).');
				contact.phone = phone || undefined;
			} else {
				contact.commune = str(form, 'commune') || undefined;
			}
			return done([set('contact', contact)], forward());
		}
		case 'titre': {
			const title = str(form, 'titre');
			if (!title) return fail('titre', 'Dis en quelques mots ce que tu cherches (exemple : « Un emploi de vendeur »).');
			return done([set('title', title)], forward());
		}
		case 'experiences':
			return experience(screen, form, draft, newId, set);
		case 'formations':
			return training(screen, form, draft, newId);
		case 'competences': {
			const skills = unique([...all(form, 'competence'), ...split(str(form, 'competence-autre'))]);
			const softSkills = unique([...all(form, 'qualite'), ...split(str(form, 'qualite-autre'))]);
			if (skills.length > 20) return fail('competence-autre', '20 compétences au plus : garde les plus utiles pour ce CV.');
			if (softSkills.length > 12) return fail('qualite-autre', '12 qualités au plus : garde celles qui te ressemblent le plus.');
			return done([set('skills', skills), set('softSkills', softSkills)], forward());
		}
		case 'langues': {
			const languages: CvDraft['languages'] = [];
			for (let i = 0; i < 8; i++) {
				const name = str(form, `langue-${i}`);
				const level = str(form, `niveau-${i}`);
				if (name) languages.push(level ? { name, level } : { name });
			}
			return done([set('languages', unique(languages.map((l) => l.name)).map((n) => languages.find((l) => l.name === n)!))], forward());
		}
		case 'mobilite': {
			const licences = all(form, 'permis').filter((l) => (LICENCE_CHOICES as readonly string[]).includes(l));
			const note = str(form, 'note');
			return done([set('mobility', { licences, vehicle: form.get('vehicule') !== null, ...(note ? { note } : {}) })], forward());
		}
		case 'interets': {
			const interests = unique([...all(form, 'interet'), ...split(str(form, 'interet-autre'))]);
			if (interests.length > 10) return fail('interet-autre', '10 centres d’intérêt au plus : garde ceux dont tu aimes parler.');
			return done([set('interests', interests)], forward());
		}
		case 'resume': {
			const summary = str(form, 'resume');
			return done([set('summary', summary || undefined)], forward());
		}
	}
}

function experience(screen: Screen, form: FormLike, draft: CvDraft, newId: () => string, set: (field: 'softSkills', value: unknown) => DeviceOperation): SubmitResult {
	const { step, q } = screen;
	const done = (operations: DeviceOperation[], next: Screen | 'end'): SubmitResult => ({ ok: true, operations, next });
	const existing = draft.experiences.find((e) => e.id === screen.item);
	const upsert = (item: Experience): DeviceOperation => ({ id: newId(), op: 'upsert', list: 'experiences', item: item as Experience & { id: string } });
	switch (q) {
		case 'liste':
			return done([], nextStep(step));
		case 'type': {
			const kind = str(form, 'type');
			if (!(KINDS as string[]).includes(kind)) return fail('type', 'Choisis ce qui ressemble le plus à ce que tu as fait.');
			return done([], { step, q: 'quoi', kind: kind as ExperienceKind });
		}
		case 'quoi': {
			const text = str(form, 'texte');
			if (text.length > 300) return fail('texte', '300 caractères au plus : quelques mots suffisent.');
			return done([], { step, q: 'phrases', kind: screen.kind, ...(text ? { text } : {}) });
		}
		case 'phrases': {
			const title = str(form, 'titre');
			if (!title) return fail('titre', 'Donne un titre à cette expérience (exemple : « Garde d’enfants »).');
			const lines = unique([...form.getAll('garder').flatMap((i) => (typeof i === 'string' ? [str(form, `ligne-${i}`)] : [])), str(form, 'ligne-perso')].filter(Boolean));
			if (lines.length > 8) return fail('garder', '8 phrases au plus : garde les plus parlantes.');
			const id = UUID.test(str(form, 'item')) ? str(form, 'item').toLowerCase() : newId();
			const known = draft.experiences.find((e) => e.id === id);
			const item: Experience = { ...(known ?? { current: false }), id, kind: screen.kind ?? known?.kind ?? 'other', title, bullets: lines };
			const operations = [upsert(item)];
			const qualities = all(form, 'qualite');
			if (qualities.length) {
				const softSkills = unique([...draft.softSkills, ...qualities]).slice(0, 12);
				if (softSkills.length !== draft.softSkills.length) operations.push(set('softSkills', softSkills));
			}
			return done(operations, { step, q: 'quand', item: id });
		}
		case 'quand':
		case 'ou':
		case 'modifier': {
			if (!existing) return fail('form', 'Cette expérience n’est plus sur ton CV.');
			const item: Experience = { ...existing };
			if (q === 'quand' || q === 'modifier') {
				const dates = datesOf(form);
				if ('ok' in dates) return dates;
				item.start = dates.start;
				item.end = dates.end;
				item.current = dates.current;
			}
			if (q === 'ou' || q === 'modifier') {
				item.organisation = str(form, 'organisation') || undefined;
				item.place = str(form, 'lieu') || undefined;
			}
			if (q === 'modifier') {
				item.title = str(form, 'titre');
				if (!item.title) return fail('titre', 'Donne un titre à cette expérience.');
				item.bullets = str(form, 'lignes')
					.split('\n')
					.map((l) => l.trim())
					.filter(Boolean);
				if (item.bullets.length > 8) return fail('lignes', '8 lignes au plus.');
			}
			return done([upsert(item)], q === 'quand' ? { step, q: 'ou', item: existing.id } : first(step));
		}
	}
	return done([], first(step));
}

function training(screen: Screen, form: FormLike, draft: CvDraft, newId: () => string): SubmitResult {
	const { step, q } = screen;
	const done = (operations: DeviceOperation[], next: Screen | 'end'): SubmitResult => ({ ok: true, operations, next });
	if (q === 'liste') return done([], nextStep(step));
	const title = str(form, 'titre');
	if (!title) return fail('titre', q === 'sans-diplome' ? 'Écris ta dernière classe, ou choisis « Passer ».' : 'Donne le nom de la formation ou du diplôme.');
	const year = str(form, 'annee');
	if (year && !/^(19|20)\d\d$/.test(year)) return fail('annee', 'Année sur 4 chiffres (exemple : 2024).');
	const known = screen.item ? draft.trainings.find((t) => t.id === screen.item) : undefined;
	if (q === 'modifier' && !known) return fail('form', 'Cette formation n’est plus sur ton CV.');
	const statusValue = str(form, 'statut');
	const status = q === 'sans-diplome' ? 'attended' : (TRAINING_STATUS_CHOICES.find((s) => s.value === statusValue)?.value ?? 'obtained');
	const id = known?.id ?? (UUID.test(str(form, 'item')) ? str(form, 'item').toLowerCase() : newId());
	const item: Training = { id, title, status, ...(str(form, 'ecole') ? { school: str(form, 'ecole') } : {}), ...(year ? { year } : {}) };
	const operation: DeviceOperation = { id: newId(), op: 'upsert', list: 'trainings', item: item as Training & { id: string } };
	return done([operation], q === 'sans-diplome' ? nextStep(step) : first(step));
}

/**
 * Applies operations to a copy of a draft, for display only (the server checks and may refuse):
 * what the youth sees while operations wait in the device's outbox.
 */
export function applyLocally(draft: CvDraft, operations: DeviceOperation[]): CvDraft {
	const next = structuredClone(draft) as CvDraft & Record<string, unknown>;
	for (const operation of operations) {
		if (operation.op === 'set') {
			next[operation.field] = structuredClone(operation.value) as never;
			continue;
		}
		const list = next[operation.list] as { id?: string }[];
		if (operation.op === 'upsert') {
			const at = list.findIndex((i) => i.id === operation.item.id);
			if (at >= 0) list[at] = structuredClone(operation.item);
			else list.push(structuredClone(operation.item));
		} else if (operation.op === 'remove') {
			const target = operation.target ?? operation.id;
			next[operation.list] = list.filter((i) => i.id !== target) as never;
		} else {
			const target = operation.target ?? operation.id;
			const from = list.findIndex((i) => i.id === target);
			if (from < 0) continue;
			const [item] = list.splice(from, 1);
			list.splice(Math.min(operation.toIndex, list.length), 0, item!);
		}
	}
	return next;
}

/** The question a screen asks (its page heading). */
export function questionOf(screen: Screen): string {
	const QUESTION: Record<string, string> = {
		'coordonnees/nom': 'Comment t’appelles-tu ?',
		'coordonnees/email': 'Ton adresse e-mail ?',
		'coordonnees/telephone': 'Ton numéro de téléphone ?',
		'coordonnees/commune': 'Où habites-tu ?',
		'titre/titre': 'Qu’est-ce que tu cherches ?',
		'experiences/liste': 'Tes expériences',
		'experiences/type': 'C’était quel genre d’expérience ?',
		'experiences/quoi': 'Qu’as-tu fait ?',
		'experiences/phrases': 'Comment le dire sur ton CV ?',
		'experiences/quand': 'C’était quand ?',
		'experiences/ou': 'Où, et avec qui ?',
		'experiences/modifier': 'Modifier l’expérience',
		'formations/liste': 'Tes formations et diplômes',
		'formations/ajout': 'Ajouter une formation',
		'formations/modifier': 'Modifier la formation',
		'formations/sans-diplome': 'Pas de diplôme ? Pas de souci',
		'competences/competences': 'Ce que tu sais faire',
		'langues/langues': 'Quelles langues parles-tu ?',
		'mobilite/mobilite': 'Permis et déplacements',
		'interets/interets': 'Ce que tu aimes faire',
		'resume/resume': 'Ton profil en quelques mots'
	};
	// A non-breaking space keeps « ? » with its word (French typography).
	return (QUESTION[`${screen.step}/${screen.q}`] ?? STEPS[stepNumber(screen.step) - 1]!.label).replace(/ \?/g, '\u00a0?');
}
