import { z } from 'zod';
import { MODULE_FORMAT, type ModuleContent } from '$lib/learning/content';

// Messages zod writes itself (a wrong type in an imported file…) are in French too.
z.config(z.locales.fr());

/**
 * Validation of a module's content (publishing, JSON import, seed files), with French messages.
 * Ids are optional on input and filled in by `normalizeModule` (s1, s2… / c1, c2…), so an author
 * can write a module by hand without inventing ids.
 */

const noNul = (label: string) => [(v: string) => !v.includes('\u0000'), { error: `${label} : un caractère invalide (NUL) est présent.` }] as const;

const text = (label: string, max: number, min = 1) =>
	z
		.string({ error: `${label} : un texte est attendu.` })
		.trim()
		.min(min, { error: `${label} est obligatoire.` })
		.max(max, { error: `${label} : ${max} caractères au plus.` })
		.refine(...noNul(label));

const optionalText = (label: string, max: number) =>
	z
		.string({ error: `${label} : un texte est attendu.` })
		.trim()
		.max(max, { error: `${label} : ${max} caractères au plus.` })
		.refine(...noNul(label))
		.optional()
		.transform((v) => (v ? v : undefined));

const stepId = z
	.string({ error: 'L’identifiant doit être un texte.' })
	.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { error: 'Identifiant : lettres minuscules, chiffres, « - » ou « _ » (40 au plus).' })
	.optional();

const choiceId = stepId;

const videoSchema = z.object({
	url: z
		.string({ error: 'Lien de la vidéo : un texte est attendu.' })
		.trim()
		.max(500, { error: 'Lien de la vidéo : 500 caractères au plus.' })
		.refine((u) => /^https:\/\/[^\s/]+\.[^\s]+$/.test(u) && !u.includes('\u0000'), { error: 'Lien de la vidéo : une adresse https:// est attendue.' }),
	title: text('Titre de la vidéo', 120)
});

const cardSchema = z.object({
	kind: z.literal('card'),
	id: stepId,
	title: text('Titre de la carte', 120),
	body: text('Texte de la carte', 2000),
	emoji: optionalText('Emoji', 16),
	video: videoSchema.optional()
});

const choiceSchema = z.object({
	id: choiceId,
	label: text('Texte de la réponse', 300),
	correct: z.boolean({ error: 'Indiquez si la réponse est correcte (true ou false).' }),
	feedback: optionalText('Retour sur la réponse', 600)
});

const prompt = text('Question', 500);
const explanation = text('Explication', 1500);

const choices = z
	.array(choiceSchema, { error: 'Une liste de réponses est attendue.' })
	.min(2, { error: 'Une question a besoin d’au moins 2 réponses.' })
	.max(8, { error: 'Une question a 8 réponses au plus.' });

const singleSchema = z
	.object({ kind: z.literal('single'), id: stepId, prompt, choices, explanation })
	.refine((q) => q.choices.filter((c) => c.correct).length === 1, {
		error: 'Une question à choix unique a exactement une bonne réponse.',
		path: ['choices']
	});

const multipleSchema = z
	.object({ kind: z.literal('multiple'), id: stepId, prompt, choices, explanation })
	.refine((q) => q.choices.some((c) => c.correct), {
		error: 'Une question a besoin d’au moins une bonne réponse.',
		path: ['choices']
	});

const trueFalseSchema = z.object({
	kind: z.literal('true_false'),
	id: stepId,
	prompt,
	answer: z.boolean({ error: 'Indiquez si l’affirmation est vraie ou fausse (true ou false).' }),
	explanation
});

const orderSchema = z.object({
	kind: z.literal('order'),
	id: stepId,
	prompt,
	items: z
		.array(z.object({ id: choiceId, label: text('Élément à ordonner', 200) }), { error: 'Une liste d’éléments est attendue.' })
		.min(3, { error: 'Il faut au moins 3 éléments à remettre dans l’ordre.' })
		.max(7, { error: 'Il faut 7 éléments au plus à remettre dans l’ordre.' }),
	explanation
});

const situationSchema = z
	.object({
		kind: z.literal('situation'),
		id: stepId,
		situation: text('Situation', 800),
		prompt,
		choices: z
			.array(
				z.object({
					id: choiceId,
					label: text('Texte de la réponse', 300),
					verdict: z.enum(['best', 'acceptable', 'avoid'], {
						error: 'Avis sur la réponse : « best », « acceptable » ou « avoid ».'
					}),
					feedback: text('Retour sur la réponse', 600)
				}),
				{ error: 'Une liste de réponses est attendue.' }
			)
			.min(2, { error: 'Une situation a besoin d’au moins 2 réponses.' })
			.max(6, { error: 'Une situation a 6 réponses au plus.' }),
		explanation
	})
	.refine((q) => q.choices.some((c) => c.verdict === 'best'), {
		error: 'Une situation a besoin d’au moins une meilleure réponse (« best »).',
		path: ['choices']
	});

export const stepSchema = z.discriminatedUnion('kind', [cardSchema, singleSchema, multipleSchema, trueFalseSchema, orderSchema, situationSchema], {
	error: 'Type d’étape inconnu : card, single, multiple, true_false, order ou situation.'
});

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Addresses of pages under /parcours that a module cannot take. */
export const RESERVED_SLUGS: readonly string[] = ['hors-ligne', 'synchroniser'];

export const moduleMetaSchema = z.object({
	slug: z
		.string({ error: 'Adresse : un texte est attendu.' })
		.trim()
		.min(3, { error: 'Adresse : 3 caractères au moins.' })
		.max(60, { error: 'Adresse : 60 caractères au plus.' })
		.regex(SLUG_PATTERN, { error: 'Adresse : lettres minuscules sans accent, chiffres et tirets (ex. : mon-premier-entretien).' })
		.refine((slug) => !RESERVED_SLUGS.includes(slug), { error: 'Adresse : ce mot est réservé par Tremplin, choisissez-en un autre.' }),
	title: text('Titre', 80),
	summary: text('Résumé', 240),
	theme: text('Thème', 40),
	emoji: text('Emoji', 16),
	minutes: z.coerce
		.number({ error: 'Durée : un nombre de minutes est attendu.' })
		.int({ error: 'Durée : un nombre entier de minutes.' })
		.min(1, { error: 'Durée : 1 minute au moins.' })
		.max(60, { error: 'Durée : 60 minutes au plus.' })
});

export const moduleContentSchema = moduleMetaSchema
	.extend({
		format: z.literal(MODULE_FORMAT, { error: `Format : « ${MODULE_FORMAT} » est attendu.` }),
		steps: z
			.array(stepSchema, { error: 'Une liste d’étapes est attendue.' })
			.min(1, { error: 'Un module a besoin d’au moins une étape.' })
			.max(80, { error: 'Un module a 80 étapes au plus.' })
	})
	.superRefine((m, ctx) => {
		if (!m.steps.some((s) => s.kind !== 'card')) {
			ctx.addIssue({ code: 'custom', message: 'Un module a besoin d’au moins une question.', path: ['steps'] });
		}
		const seen = new Set<string>();
		m.steps.forEach((s, i) => {
			if (!s.id) return;
			if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `L’identifiant « ${s.id} » est déjà utilisé par une autre étape.`, path: ['steps', i, 'id'] });
			seen.add(s.id);
			const subs = 'choices' in s ? s.choices : 'items' in s ? s.items : [];
			const subSeen = new Set<string>();
			subs.forEach((c, j) => {
				if (!c.id) return;
				if (subSeen.has(c.id)) ctx.addIssue({ code: 'custom', message: `L’identifiant « ${c.id} » est déjà utilisé dans cette question.`, path: ['steps', i, 'choices' in s ? 'choices' : 'items', j, 'id'] });
				subSeen.add(c.id);
			});
		});
	});

export type ModuleInput = z.input<typeof moduleContentSchema>;

export interface ContentIssue {
	/** e.g. "steps[3].choices" */
	path: string;
	/** The same place in words, e.g. "Étape 4 › réponses" */
	where: string;
	message: string;
}

const FIELD_WORDS: Record<string, string> = {
	steps: 'étapes',
	choices: 'réponses',
	items: 'éléments',
	label: 'texte',
	prompt: 'question',
	explanation: 'explication',
	feedback: 'retour',
	situation: 'situation',
	title: 'titre',
	body: 'texte',
	summary: 'résumé',
	theme: 'thème',
	minutes: 'durée',
	slug: 'adresse',
	emoji: 'emoji',
	video: 'vidéo',
	url: 'lien',
	verdict: 'avis',
	correct: 'bonne réponse',
	answer: 'réponse',
	kind: 'type',
	format: 'format',
	id: 'identifiant'
};

export function pathToString(path: readonly PropertyKey[]): string {
	return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

export function pathToWords(path: readonly PropertyKey[]): string {
	const parts: string[] = [];
	for (let i = 0; i < path.length; i++) {
		const key = path[i];
		const next = path[i + 1];
		if (key === 'steps' && typeof next === 'number') {
			parts.push(`Étape ${next + 1}`);
			i++;
		} else if ((key === 'choices' || key === 'items') && typeof next === 'number') {
			parts.push(`${key === 'choices' ? 'réponse' : 'élément'} ${next + 1}`);
			i++;
		} else if (typeof key === 'string') {
			parts.push(FIELD_WORDS[key] ?? key);
		}
	}
	return parts.join(' › ') || 'Module';
}

export type ContentCheck = { ok: true; content: ModuleContent } | { ok: false; issues: ContentIssue[] };

/** Validates untrusted module content. Never throws on bad input: returns the issues, in order. */
export function checkModuleContent(input: unknown): ContentCheck {
	const result = moduleContentSchema.safeParse(input);
	if (!result.success) {
		return {
			ok: false,
			issues: result.error.issues.map((issue) => ({
				path: pathToString(issue.path),
				where: pathToWords(issue.path),
				message: issue.message
			}))
		};
	}
	return { ok: true, content: normalizeModule(result.data as ModuleContent) };
}

/** Fills missing ids (s1…, c1…) without changing ids that exist. */
export function normalizeModule(content: ModuleContent): ModuleContent {
	const taken = new Set(content.steps.map((s) => s.id).filter(Boolean));
	let n = 0;
	const nextId = (used: Set<string>, prefix: string) => {
		let id: string;
		do id = `${prefix}${++n}`;
		while (used.has(id));
		used.add(id);
		return id;
	};
	const steps = content.steps.map((step) => {
		const s = { ...step, id: step.id || nextId(taken, 's') } as typeof step;
		if ('choices' in s) {
			const used = new Set(s.choices.map((c) => c.id).filter(Boolean));
			const before = n;
			n = 0;
			s.choices = s.choices.map((c) => ({ ...c, id: c.id || nextId(used, 'c') })) as typeof s.choices;
			n = before;
		}
		if ('items' in s) {
			const used = new Set(s.items.map((c) => c.id).filter(Boolean));
			const before = n;
			n = 0;
			s.items = s.items.map((c) => ({ ...c, id: c.id || nextId(used, 'i') }));
			n = before;
		}
		return s;
	});
	return { ...content, steps };
}

// ── Answers sent by a player (one form POST, or a batch synced by the offline player) ──────────

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

export const MAX_SYNC_ATTEMPTS = 20;
export const MAX_SYNC_ANSWERS = 200;

const responseSchema = z.union([
	z.object({ choice: z.string().max(40) }).strict(),
	z.object({ choices: z.array(z.string().max(40)).max(8) }).strict(),
	z.object({ value: z.boolean() }).strict(),
	z.object({ order: z.array(z.string().max(40)).max(7) }).strict()
]);

export const syncAnswerSchema = z.object({
	id: uuid,
	stepId: z.string().min(1).max(40),
	response: responseSchema,
	answeredAt: z.string().max(40).optional()
});

export const syncAttemptSchema = z.object({
	id: uuid,
	moduleId: uuid,
	versionId: uuid,
	kind: z.enum(['module', 'review']).default('module'),
	/** For a review started offline: the questions chosen by the device. Ignored for module attempts. */
	plan: z.array(z.string().min(1).max(40)).max(80).optional(),
	startedAt: z.string().max(40).optional(),
	answers: z.array(syncAnswerSchema).max(MAX_SYNC_ANSWERS)
});

export const syncBatchSchema = z.object({
	attempts: z.array(syncAttemptSchema).max(MAX_SYNC_ATTEMPTS)
});

export type SyncAttempt = z.infer<typeof syncAttemptSchema>;
export type SyncBatch = z.infer<typeof syncBatchSchema>;
