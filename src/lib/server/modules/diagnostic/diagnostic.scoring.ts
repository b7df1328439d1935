import { AREAS, ITEMS, SELF_OPTIONS, type AreaCode, type Item } from './diagnostic.content';
import { invalidAnswer, mustChoose, tooLong } from './diagnostic.errors';

/** Raw form fields of one answer: a value, or several for checkboxes. */
export type AnswerFields = Record<string, string | string[] | undefined>;

export type Outcome = 'right' | 'partial' | 'wrong';

export interface Feedback {
	ok: boolean;
	text: string;
}

/** A scored answer, as stored on the attempt. */
export interface ScoredAnswer {
	/** The cleaned answer (only known fields, known values, bounded texts). */
	response: Record<string, string | string[] | boolean>;
	/** 0–1 share of the item's points. */
	score: number;
	/** Right / partial / wrong for tasks and knowledge questions; null for self-assessment. */
	outcome: Outcome | null;
	feedback: Feedback[];
}

export const MAX_TEXT = { short: 120, long: 2000 } as const;

const one = (fields: AnswerFields, name: string): string => {
	const v = fields[name];
	if (Array.isArray(v)) {
		if (v.length > 1) throw invalidAnswer();
		return (v[0] ?? '').trim();
	}
	return (v ?? '').trim();
};

const many = (fields: AnswerFields, name: string): string[] => {
	const v = fields[name];
	if (v === undefined || v === '') return [];
	return Array.isArray(v) ? v : [v];
};

/** A value among the options, or '' when nothing was chosen (and choosing was optional). */
function pick(fields: AnswerFields, name: string, options: { value: string }[], required: boolean): string {
	const v = one(fields, name);
	if (!v) {
		if (required) throw mustChoose();
		return '';
	}
	if (!options.some((o) => o.value === v)) throw invalidAnswer();
	return v;
}

function text(fields: AnswerFields, name: string, max: number): string {
	const v = one(fields, name);
	if (v.length > max) throw tooLong(name, max);
	return v.replace(/\s+/g, ' ');
}

const plain = (s: string) =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();

const outcomeOf = (score: number): Outcome => (score >= 1 ? 'right' : score <= 0 ? 'wrong' : 'partial');

function byCriteria(criteria: Feedback[], response: ScoredAnswer['response']): ScoredAnswer {
	const score = criteria.filter((c) => c.ok).length / criteria.length;
	return { response, score, outcome: outcomeOf(score), feedback: criteria };
}

/**
 * Scores one answer on the server (the browser never decides). Throws a coded DomainError for an
 * answer that cannot come from the page: unknown option, several values where one is expected, text
 * too long. An empty task is a valid (wrong) answer; an empty self-assessment or question is not.
 */
export function scoreAnswer(item: Item, fields: AnswerFields): ScoredAnswer {
	switch (item.kind) {
		case 'self': {
			const level = pick(fields, 'level', SELF_OPTIONS, true);
			return { response: { level }, score: level === 'yes' ? 1 : level === 'help' ? 0.5 : 0, outcome: null, feedback: [] };
		}
		case 'choice': {
			const choice = pick(fields, 'choice', item.options, true);
			const ok = choice === item.correct;
			const right = item.options.find((o) => o.value === item.correct)!.label;
			return {
				response: { choice },
				score: ok ? 1 : 0,
				outcome: ok ? 'right' : 'wrong',
				feedback: [{ ok, text: ok ? `Bonne réponse : « ${right} ».` : `La bonne réponse était : « ${right} ».` }]
			};
		}
		case 'search': {
			const result = pick(fields, 'result', item.results, false);
			const info = pick(fields, 'info', item.infoOptions, false);
			const chosen = item.results.find((r) => r.value === result);
			const rightInfo = item.infoOptions.find((o) => o.value === item.correctInfo)!.label;
			return byCriteria(
				[
					{
						ok: result === item.correctResult,
						text:
							result === item.correctResult
								? 'Tu as ouvert le site officiel.'
								: chosen?.ad
									? 'Tu as ouvert une publicité (marquée « Annonce »), pas le site officiel.'
									: chosen
										? 'Ce résultat n’est pas une source officielle.'
										: 'Tu n’as choisi aucun résultat.'
					},
					{
						ok: info === item.correctInfo,
						text: info === item.correctInfo ? `Tu as trouvé la bonne information : ${rightInfo}.` : `La bonne information était : ${rightInfo}.`
					}
				],
				{ result, info }
			);
		}
		case 'phishing':
		case 'post': {
			const raw = many(fields, 'selected');
			if (raw.length > item.entries.length) throw invalidAnswer();
			const selected = [...new Set(raw.map((v) => v.trim()))];
			if (selected.some((v) => !item.entries.some((e) => e.value === v))) throw invalidAnswer();
			const found = selected.filter((v) => item.expected.includes(v)).length;
			const mistakes = selected.filter((v) => !item.expected.includes(v)).length;
			const score = Math.max(0, found - mistakes) / item.expected.length;
			const feedback = item.entries.map((e) => {
				const shouldTick = item.expected.includes(e.value);
				const ticked = selected.includes(e.value);
				const verdict = item.kind === 'phishing' ? (shouldTick ? 'arnaque' : 'message normal') : shouldTick ? 'à ne pas publier' : 'sans souci';
				return { ok: shouldTick === ticked, text: `« ${e.subject} » : ${verdict}. ${item.reasons[e.value] ?? ''}`.trim() };
			});
			return { response: { selected }, score, outcome: outcomeOf(score), feedback };
		}
		case 'email': {
			const subject = text(fields, 'subject', MAX_TEXT.short);
			const greeting = pick(fields, 'greeting', item.greetings, false);
			const file = pick(fields, 'file', item.files, false);
			const body = text(fields, 'body', MAX_TEXT.long);
			const words = plain(subject).split(/[^a-z0-9]+/);
			const subjectOk = subject.length >= 5 && item.subjectWords.some((w) => words.some((x) => x.startsWith(w)));
			return byCriteria(
				[
					{
						ok: subjectOk,
						text: subjectOk ? 'L’objet dit clairement pourquoi tu écris.' : 'L’objet doit dire pourquoi tu écris, par exemple « Candidature au poste d’employé de rayon ».'
					},
					{
						ok: greeting === item.correctGreeting,
						text: greeting === item.correctGreeting ? 'La formule « Bonjour Madame Leroy, » est la bonne.' : 'Pour un recruteur, on commence par « Bonjour Madame Leroy, ».'
					},
					{
						ok: file === item.correctFile,
						text: file === item.correctFile ? 'Tu as joint ton CV.' : 'Il fallait joindre ton CV (CV_Sam_Diallo.pdf).'
					}
				],
				{ subject, greeting, file, body }
			);
		}
		case 'form': {
			const lastName = text(fields, 'lastName', MAX_TEXT.short);
			const firstName = text(fields, 'firstName', MAX_TEXT.short);
			const city = text(fields, 'city', MAX_TEXT.short);
			const birthDate = text(fields, 'birthDate', MAX_TEXT.short);
			const acceptRaw = one(fields, 'accept');
			if (acceptRaw && acceptRaw !== 'on' && acceptRaw !== 'oui') throw invalidAnswer();
			const accept = acceptRaw !== '';
			const p = item.persona;
			const same = (a: string, b: string) => plain(a) === plain(b);
			const required = same(lastName, p.lastName) && same(firstName, p.firstName) && same(city, p.city);
			const dateOk = birthDate === p.birthDate;
			return byCriteria(
				[
					{
						ok: required,
						text: required ? 'Les champs obligatoires (nom, prénom, commune) sont bien remplis.' : `Les champs obligatoires doivent être remplis avec les informations de Sam : ${p.lastName}, ${p.firstName}, ${p.city}.`
					},
					{
						ok: dateOk,
						text: dateOk ? 'La date est dans le bon format.' : `La date attendue était ${p.birthDate} (format JJ/MM/AAAA, avec les zéros).`
					},
					{
						ok: accept,
						text: accept ? 'Tu as coché la case d’accord.' : 'Il fallait cocher la case d’accord du règlement.'
					}
				],
				{ lastName, firstName, city, birthDate, accept }
			);
		}
		case 'password': {
			const password = pick(fields, 'password', item.options, false);
			const reuse = pick(fields, 'reuse', item.reuseOptions, false);
			const strongest = item.options.find((o) => o.value === item.correct)!.label;
			return byCriteria(
				[
					{
						ok: password === item.correct,
						text: password === item.correct ? `« ${strongest} » est bien le plus solide.` : `Le plus solide était « ${strongest} » : long, plusieurs mots, un chiffre et des signes.`
					},
					{
						ok: reuse === item.correctReuse,
						text: reuse === item.correctReuse ? 'Un mot de passe par compte : c’est ça.' : 'Mieux vaut un mot de passe différent pour chaque compte.'
					}
				],
				{ password, reuse }
			);
		}
	}
}

export const LEVELS = ['none', 'basic', 'above_basic'] as const;
export type Level = (typeof LEVELS)[number];

/** Under 40: no skill yet; from 70: above basic (INSEE's three levels). */
export const levelOf = (score: number): Level => (score >= 70 ? 'above_basic' : score >= 40 ? 'basic' : 'none');

export interface AreaResult {
	area: AreaCode;
	/** 0–100. */
	score: number;
	level: Level;
}

/** Score per area: weighted share of points of its items (an unanswered item counts as 0). */
export function computeResults(answers: Record<string, Pick<ScoredAnswer, 'score'>>): AreaResult[] {
	return AREAS.map((area) => {
		const items = ITEMS.filter((i) => i.area === area.code);
		const total = items.reduce((s, i) => s + i.weight, 0);
		const got = items.reduce((s, i) => s + i.weight * Math.min(1, Math.max(0, answers[i.id]?.score ?? 0)), 0);
		const score = Math.round((got / total) * 100);
		return { area: area.code, score, level: levelOf(score) };
	});
}

/**
 * The fields of a posted answer form (checkboxes give several values). Too many fields or a NUL
 * character cannot come from the page: refused before anything is scored.
 */
export function answerFieldsFrom(data: FormData): AnswerFields {
	const out: Record<string, string | string[]> = {};
	let n = 0;
	for (const [key, value] of data.entries()) {
		if (typeof value !== 'string') continue;
		if (++n > 40 || value.includes('\u0000')) throw invalidAnswer();
		const prev = out[key];
		out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
	}
	return out;
}
