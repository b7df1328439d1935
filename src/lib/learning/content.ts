/**
 * The format of a learning module ("parcours") and how an answer is judged.
 *
 * Shared by the server (which judges every answer it records) and the browser (which judges
 * instantly, also offline). Pure functions, no dependency: it must stay small in the youth bundle.
 * The JSON schema written for people is docs/learning-module-format.md; the validation with French
 * messages is src/lib/server/modules/learning/learning.validation.ts.
 */

export const MODULE_FORMAT = 'tremplin.module/1';

export interface VideoLink {
	/** https link to a video page (PeerTube, YouTube, Vimeo, Dailymotion…). Never embedded until asked. */
	url: string;
	title: string;
}

export interface Card {
	kind: 'card';
	id: string;
	title: string;
	/** Plain text. Paragraphs separated by a blank line; lines starting with "- " are a list. */
	body: string;
	emoji?: string;
	video?: VideoLink;
}

export interface Choice {
	id: string;
	label: string;
	correct: boolean;
	/** Shown after the answer when this choice was picked. */
	feedback?: string;
}

export interface SingleQuestion {
	kind: 'single';
	id: string;
	prompt: string;
	choices: Choice[];
	explanation: string;
}

export interface MultipleQuestion {
	kind: 'multiple';
	id: string;
	prompt: string;
	/** At least one correct; the answer is right when exactly the correct ones are picked. */
	choices: Choice[];
	explanation: string;
}

export interface TrueFalseQuestion {
	kind: 'true_false';
	id: string;
	/** A statement: the youth says whether it is true. */
	prompt: string;
	answer: boolean;
	explanation: string;
}

export interface OrderItem {
	id: string;
	label: string;
}

export interface OrderQuestion {
	kind: 'order';
	id: string;
	prompt: string;
	/** In the right order. Shown shuffled. */
	items: OrderItem[];
	explanation: string;
}

export type Verdict = 'best' | 'acceptable' | 'avoid';

export interface SituationChoice {
	id: string;
	label: string;
	verdict: Verdict;
	feedback: string;
}

export interface SituationQuestion {
	kind: 'situation';
	id: string;
	/** The situation, told in a few sentences. */
	situation: string;
	/** The question asked, e.g. "Que fais-tu ?" */
	prompt: string;
	/** Several answers may be acceptable, each with its own feedback. At least one is "best". */
	choices: SituationChoice[];
	explanation: string;
}

export type Question = SingleQuestion | MultipleQuestion | TrueFalseQuestion | OrderQuestion | SituationQuestion;
export type Step = Card | Question;
export type QuestionKind = Question['kind'];

export const QUESTION_KINDS: readonly QuestionKind[] = ['single', 'multiple', 'true_false', 'order', 'situation'];

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
	single: 'Choix unique',
	multiple: 'Choix multiples',
	true_false: 'Vrai ou faux',
	order: 'Remettre dans l’ordre',
	situation: 'Mise en situation'
};

export interface ModuleContent {
	format: typeof MODULE_FORMAT;
	/** Lowercase words separated by hyphens; the module's address: /parcours/<slug>. */
	slug: string;
	title: string;
	/** One or two sentences shown in the catalogue. */
	summary: string;
	/** A short theme shown as a label, e.g. "Trouver un emploi". */
	theme: string;
	emoji: string;
	/** Estimated duration. */
	minutes: number;
	steps: Step[];
}

/** What a youth answered, by question kind. */
export type Response =
	| { choice: string } // single, situation
	| { choices: string[] } // multiple
	| { value: boolean } // true_false
	| { order: string[] }; // order

export interface Judgement {
	correct: boolean;
	/** For situations: how good the picked answer is. */
	verdict?: Verdict;
	/** Feedback tied to what was picked (may be empty). */
	feedback: string[];
	/** The general explanation of the question. */
	explanation: string;
}

export const isQuestion = (step: Step): step is Question => step.kind !== 'card';

export const questionsOf = (content: Pick<ModuleContent, 'steps'>): Question[] => content.steps.filter(isQuestion);

/** Judges an answer. A response of the wrong shape (forged, or for another question) is simply wrong. */
export function judge(question: Question, response: unknown): Judgement {
	const r = (response ?? {}) as Record<string, unknown>;
	const base = { explanation: question.explanation };
	switch (question.kind) {
		case 'single': {
			const picked = question.choices.find((c) => c.id === r.choice);
			return { ...base, correct: !!picked?.correct, feedback: picked?.feedback ? [picked.feedback] : [] };
		}
		case 'multiple': {
			const ids = Array.isArray(r.choices) ? new Set(r.choices.filter((x): x is string => typeof x === 'string')) : new Set<string>();
			const known = question.choices.filter((c) => ids.has(c.id));
			const correct =
				known.length === ids.size && question.choices.every((c) => c.correct === ids.has(c.id));
			return { ...base, correct, feedback: known.flatMap((c) => (c.feedback ? [c.feedback] : [])) };
		}
		case 'true_false': {
			const correct = typeof r.value === 'boolean' && r.value === question.answer;
			return { ...base, correct, feedback: [] };
		}
		case 'order': {
			const order = Array.isArray(r.order) ? r.order : [];
			const correct =
				order.length === question.items.length && question.items.every((item, i) => order[i] === item.id);
			return { ...base, correct, feedback: [] };
		}
		case 'situation': {
			const picked = question.choices.find((c) => c.id === r.choice);
			if (!picked) return { ...base, correct: false, feedback: [] };
			return { ...base, correct: picked.verdict !== 'avoid', verdict: picked.verdict, feedback: [picked.feedback] };
		}
	}
}

/** Is this response well-formed for this question (every referenced id exists, nothing missing)? */
export function isCompleteResponse(question: Question, response: unknown): boolean {
	if (!response || typeof response !== 'object') return false;
	const r = response as Record<string, unknown>;
	switch (question.kind) {
		case 'single':
		case 'situation':
			return typeof r.choice === 'string' && question.choices.some((c) => c.id === r.choice);
		case 'multiple':
			return (
				Array.isArray(r.choices) &&
				r.choices.length > 0 &&
				r.choices.length <= question.choices.length &&
				r.choices.every((id) => question.choices.some((c) => c.id === id)) &&
				new Set(r.choices).size === r.choices.length
			);
		case 'true_false':
			return typeof r.value === 'boolean';
		case 'order':
			return (
				Array.isArray(r.order) &&
				r.order.length === question.items.length &&
				new Set(r.order).size === r.order.length &&
				r.order.every((id) => question.items.some((i) => i.id === id))
			);
	}
}

/**
 * A stable shuffle (the same for a given seed), so that "put in order" items are never shown in the
 * right order and a reload shows the same order.
 */
export function shuffled<T extends { id: string }>(items: readonly T[], seed: string): T[] {
	let h = 2166136261;
	for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
		const j = h % (i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	// Never the right order if it can be avoided.
	if (out.length > 1 && out.every((item, i) => item.id === items[i]!.id)) out.push(out.shift()!);
	return out;
}

/** Text read aloud by "Écouter" for a step, with the choices. */
export function speechText(step: Step): string {
	switch (step.kind) {
		case 'card':
			return `${step.title}. ${step.body.replace(/^- /gm, '')}`;
		case 'true_false':
			return `Vrai ou faux ? ${step.prompt}`;
		case 'order':
			return `${step.prompt} ${step.items.map((i) => i.label).join('. ')}.`;
		case 'situation':
			return `${step.situation} ${step.prompt} ${step.choices.map((c, i) => `Réponse ${i + 1} : ${c.label}`).join('. ')}.`;
		default:
			return `${step.prompt} ${step.choices.map((c, i) => `Réponse ${i + 1} : ${c.label}`).join('. ')}.`;
	}
}

// ── Gamification: shared so the browser can show the same numbers offline ─────────────────────

export const XP_PER_QUESTION = 10;
export const XP_PER_MODULE = 50;

/** Level n is reached at 50·n·(n−1) XP: 0, 100, 300, 600, 1000, 1500… */
export function levelFor(xp: number): { level: number; floor: number; next: number } {
	let level = 1;
	while (50 * (level + 1) * level <= xp) level++;
	return { level, floor: 50 * level * (level - 1), next: 50 * (level + 1) * level };
}

/** Leitner-like review intervals, in days, by number of correct answers in a row since the last miss. */
export const REVIEW_INTERVAL_DAYS = [1, 3, 7, 21] as const;
