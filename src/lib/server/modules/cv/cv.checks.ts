import { unsupportedCharacters } from './cv.fonts';
import { frenchSpelling, wordsToCheck } from './cv.spelling';
import type { CvContent } from './cv.validation';

/**
 * What a counselor would point out when reading the CV: an e-mail address that does not look
 * serious, a missing phone or commune, dates in the future or in the wrong order, empty sections,
 * a CV longer than two pages, characters the PDF cannot print, spelling mistakes. Findings are
 * advice shown next to the right step of the builder; none blocks the export.
 */

export type CvSection = 'contact' | 'title' | 'summary' | 'experiences' | 'trainings' | 'skills' | 'softSkills' | 'languages' | 'interests' | 'length';

export interface CvFinding {
	code: string;
	section: CvSection;
	/** Which experience or training, when the finding is about one. */
	index?: number;
	severity: 'warning' | 'advice';
	message: string;
}

/** Words and patterns that make an address look like a nickname rather than a job seeker. */
const NICKNAME_WORDS = [
	'bg', 'bogoss', 'beaugosse', 'belgosse', 'princesse', 'prince', 'bebe', 'baby', 'babygirl', 'cherie', 'cheri', 'chaton', 'kiki',
	'lol', 'mdr', 'ptdr', 'xx', 'xxx', 'love', 'lover', 'sexy', 'hot', 'swag', 'thug', 'gangsta', 'gangster', 'killer', 'tueur',
	'ninja', 'gamer', 'gaming', 'dark', 'devil', 'diable', 'demon', 'fuck', 'boss', 'king', 'queen', 'reine', 'roi', 'ptite', 'petitcoeur',
	'bisou', 'bisous', 'kawaii', 'star', 'miss', 'mister', 'zizou', 'wesh', 'gros', 'grosse', 'fou', 'folle', 'loco', 'crazy', 'biatch'
];

function nicknameLike(email: string): boolean {
	const local = email.split('@')[0]!.toLowerCase();
	const parts = local.split(/[._\-+]+/).filter(Boolean);
	if (parts.some((p) => NICKNAME_WORDS.includes(p.replace(/\d+$/, '')))) return true;
	if (NICKNAME_WORDS.some((w) => w.length >= 4 && local.includes(w))) return true;
	// "du-69", "karim93", "x_x": a département, a year of birth or decoration where a name should be.
	if (/(^|[._-])du[._-]?\d{2,3}\b/.test(local)) return true;
	if (/(\d)\1{2,}/.test(local) || /[._-]{2,}/.test(local)) return true;
	return false;
}

const monthIndex = (value: string) => {
	const [year, month] = value.split('-').map(Number);
	return year! * 12 + (month! - 1);
};

export interface CheckOptions {
	now: Date;
	/** Pages of the PDF, when the caller has rendered it. */
	pageCount?: number;
	/** How many misspelled words get suggestions (suggesting is slow). */
	suggestions?: number;
}

export async function checkCv(cv: CvContent, options: CheckOptions): Promise<CvFinding[]> {
	const findings: CvFinding[] = [];
	const add = (finding: CvFinding) => findings.push(finding);
	const nowMonth = options.now.getUTCFullYear() * 12 + options.now.getUTCMonth();

	const { email, phone, commune } = cv.contact;
	if (email && nicknameLike(email)) {
		add({
			code: 'email_not_professional',
			section: 'contact',
			severity: 'warning',
			message: 'Ton adresse e-mail ressemble à un pseudo : pour un CV, crée une adresse simple avec ton prénom et ton nom (prenom.nom@…).'
		});
	}
	if (!email) add({ code: 'email_missing', section: 'contact', severity: 'advice', message: 'Sans adresse e-mail, un recruteur ne pourra te répondre que par téléphone.' });
	if (!phone) add({ code: 'phone_missing', section: 'contact', severity: 'warning', message: 'Ajoute ton numéro de téléphone : c’est souvent par là qu’un recruteur te contacte.' });
	if (!commune) add({ code: 'commune_missing', section: 'contact', severity: 'warning', message: 'Indique ta commune : le recruteur veut savoir si tu habites près du travail.' });

	cv.experiences.forEach((e, index) => {
		if (e.start && monthIndex(e.start) > nowMonth) {
			add({ code: 'date_in_future', section: 'experiences', index, severity: 'warning', message: `« ${e.title} » commence à une date future : vérifie le mois et l’année.` });
		}
		if (e.end && !e.current && monthIndex(e.end) > nowMonth) {
			add({ code: 'date_in_future', section: 'experiences', index, severity: 'warning', message: `« ${e.title} » se termine à une date future : si elle continue, coche « en cours ».` });
		}
		if (e.start && e.end && !e.current && monthIndex(e.end) < monthIndex(e.start)) {
			add({ code: 'dates_reversed', section: 'experiences', index, severity: 'warning', message: `« ${e.title} » se termine avant d’avoir commencé : vérifie les dates.` });
		}
		if (e.bullets.length === 0) {
			add({ code: 'experience_not_described', section: 'experiences', index, severity: 'advice', message: `Décris « ${e.title} » en une ou deux lignes : ce que tu faisais, ce que tu as appris.` });
		}
	});
	cv.trainings.forEach((t, index) => {
		if (t.year && Number(t.year) > options.now.getUTCFullYear() && t.status === 'obtained') {
			add({ code: 'date_in_future', section: 'trainings', index, severity: 'warning', message: `« ${t.title} » est indiqué comme obtenu en ${t.year} : choisis plutôt « en cours ».` });
		}
	});

	if (cv.experiences.length === 0) {
		add({ code: 'experiences_empty', section: 'experiences', severity: 'advice', message: 'Ajoute au moins une expérience, même informelle : garde d’enfants, aide à la famille, club de sport, bénévolat, petits boulots…' });
	}
	if (cv.trainings.length === 0) add({ code: 'trainings_empty', section: 'trainings', severity: 'advice', message: 'Indique ta dernière formation ou ta dernière classe, même sans diplôme.' });
	if (cv.skills.length === 0) add({ code: 'skills_empty', section: 'skills', severity: 'advice', message: 'Ajoute quelques compétences : ce que tu sais faire (encaisser, cuisiner, utiliser un tableur…).' });
	if (cv.softSkills.length === 0) add({ code: 'soft_skills_empty', section: 'softSkills', severity: 'advice', message: 'Ajoute deux ou trois qualités que tes expériences montrent (ponctualité, travail en équipe…).' });
	if (cv.languages.length === 0) add({ code: 'languages_empty', section: 'languages', severity: 'advice', message: 'Indique les langues que tu parles, le français compris : parler une autre langue est un atout.' });
	if (options.pageCount && options.pageCount > 2) {
		add({ code: 'too_long', section: 'length', severity: 'warning', message: `Ton CV fait ${options.pageCount} pages : garde l’essentiel pour tenir sur une ou deux pages.` });
	}

	// Characters the PDF cannot print (emoji…), field by field.
	const texts = fieldsOf(cv);
	for (const { section, index, text } of texts) {
		const missing = unsupportedCharacters(text);
		if (missing.length) {
			add({ code: 'unsupported_characters', section, index, severity: 'warning', message: `Ces caractères ne s’imprimeront pas dans le PDF : ${missing.join(' ')}` });
		}
	}

	// Spelling: each unknown word once, with suggestions for the first few.
	const spelling = await frenchSpelling();
	const seen = new Set<string>();
	let suggested = 0;
	for (const { section, index, text } of texts) {
		if (section === 'contact') continue;
		for (const word of wordsToCheck(text)) {
			const key = word.toLocaleLowerCase('fr-FR');
			if (seen.has(key) || spelling.spell(word)) continue;
			seen.add(key);
			const suggestions = suggested < (options.suggestions ?? 3) ? spelling.suggest(word).slice(0, 3) : [];
			if (suggestions.length) suggested += 1;
			add({
				code: 'spelling',
				section,
				index,
				severity: 'warning',
				message: suggestions.length ? `« ${word} » : voulais-tu écrire ${suggestions.map((s) => `« ${s} »`).join(' ou ')} ?` : `« ${word} » : mot inconnu, vérifie l’orthographe.`
			});
			if (seen.size >= 20) break;
		}
	}
	return findings;
}

/** Every text of the CV with where it is. */
function fieldsOf(cv: CvContent): { section: CvSection; index?: number; text: string }[] {
	const fields: { section: CvSection; index?: number; text: string }[] = [
		{ section: 'contact', text: [cv.contact.firstName, cv.contact.lastName, cv.contact.commune ?? ''].join(' ') },
		{ section: 'title', text: cv.title },
		{ section: 'summary', text: cv.summary ?? '' }
	];
	cv.experiences.forEach((e, index) => fields.push({ section: 'experiences', index, text: [e.title, e.organisation ?? '', ...e.bullets].join('\n') }));
	cv.trainings.forEach((t, index) => fields.push({ section: 'trainings', index, text: [t.title, t.school ?? ''].join('\n') }));
	fields.push({ section: 'skills', text: cv.skills.join('\n') }, { section: 'softSkills', text: cv.softSkills.join('\n') }, { section: 'interests', text: cv.interests.join('\n') });
	return fields.filter((f) => f.text.trim() !== '');
}
