import { z } from 'zod';
import {
	experienceWhere,
	formatPeriod,
	fullName,
	languageLine,
	mobilityLines,
	SECTION_TITLES,
	trainingWhere
} from './cv.labels';
import { cvContent, EXPERIENCE_KINDS, TRAINING_STATUSES, type CvContent, type ExperienceKind } from './cv.validation';

/**
 * Other forms of the CV: plain text (to paste in an online application form) and JSON Resume
 * (https://jsonresume.org/schema, the open format other CV tools read and write). Tremplin's own
 * details that the schema has no place for (kind of experience, status of a training, soft skills,
 * licences) travel in `x-tremplin…` properties, which the schema allows, so that a CV exported
 * and imported again comes back the same.
 */

export function toPlainText(cv: CvContent): string {
	const out: string[] = [fullName(cv.contact), cv.title];
	const contact = [cv.contact.commune, cv.contact.phone, cv.contact.email, ...cv.contact.links.map((l) => l.url)].filter(Boolean);
	if (contact.length) out.push(contact.join(' · '));
	const section = (title: string, lines: string[]) => {
		if (lines.length) out.push('', title.toLocaleUpperCase('fr-FR'), ...lines);
	};
	if (cv.summary) section(SECTION_TITLES.summary, [cv.summary]);
	section(
		SECTION_TITLES.experiences,
		cv.experiences.flatMap((e, i) => [
			...(i > 0 ? [''] : []),
			e.title,
			...[[experienceWhere(e), formatPeriod(e).replace(/\u00a0/g, ' ')].filter(Boolean).join(' · ')].filter(Boolean),
			...e.bullets.map((b) => `- ${b}`)
		])
	);
	section(SECTION_TITLES.trainings, cv.trainings.map((t) => [t.title, trainingWhere(t)].filter(Boolean).join(' — ')));
	section(SECTION_TITLES.skills, cv.skills.length ? [cv.skills.join(', ')] : []);
	section(SECTION_TITLES.softSkills, cv.softSkills.length ? [cv.softSkills.join(', ')] : []);
	section(SECTION_TITLES.languages, cv.languages.map(languageLine));
	section(SECTION_TITLES.mobility, mobilityLines(cv.mobility));
	section(SECTION_TITLES.interests, cv.interests.length ? [cv.interests.join(', ')] : []);
	return out.join('\n') + '\n';
}

/** Kinds of experience that JSON Resume files under `volunteer` rather than `work`. */
const VOLUNTEER_KINDS: ExperienceKind[] = ['volunteering', 'civic_service', 'sport'];

export function toJsonResume(cv: CvContent): Record<string, unknown> {
	const experience = (e: CvContent['experiences'][number]) => ({
		startDate: e.start,
		endDate: e.current ? undefined : e.end,
		highlights: e.bullets,
		'x-tremplinKind': e.kind,
		...(e.current ? { 'x-tremplinCurrent': true } : {})
	});
	return {
		$schema: 'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json',
		basics: {
			name: fullName(cv.contact),
			label: cv.title,
			email: cv.contact.email,
			phone: cv.contact.phone,
			summary: cv.summary,
			location: cv.contact.commune ? { city: cv.contact.commune, countryCode: 'FR' } : undefined,
			profiles: cv.contact.links.map((l) => ({ network: l.label, url: l.url })),
			'x-tremplinFirstName': cv.contact.firstName,
			'x-tremplinLastName': cv.contact.lastName
		},
		work: cv.experiences
			.filter((e) => !VOLUNTEER_KINDS.includes(e.kind))
			.map((e) => ({ name: e.organisation, position: e.title, location: e.place, ...experience(e) })),
		volunteer: cv.experiences
			.filter((e) => VOLUNTEER_KINDS.includes(e.kind))
			.map((e) => ({ organization: e.organisation, position: e.title, 'x-tremplinPlace': e.place, ...experience(e) })),
		education: cv.trainings.map((t) => ({
			institution: t.school,
			area: t.title,
			endDate: t.year,
			'x-tremplinPlace': t.place,
			'x-tremplinStatus': t.status
		})),
		skills: cv.skills.map((name) => ({ name })),
		languages: cv.languages.map((l) => ({ language: l.name, fluency: l.level })),
		interests: cv.interests.map((name) => ({ name })),
		'x-tremplinSoftSkills': cv.softSkills,
		'x-tremplinMobility': cv.mobility,
		meta: { version: 'v1.0.0' }
	};
}

/** Import of a JSON Resume file; what does not fit Tremplin's limits is refused with its place. */
export class JsonResumeError extends Error {
	constructor(
		message: string,
		readonly path: string
	) {
		super(message);
	}
}

const loose = z.looseObject;
const str = z.string().optional().catch(undefined);
const strings = z.array(z.unknown()).optional().catch(undefined);

/** The parts of a JSON Resume Tremplin reads (anything else is ignored). */
const jsonResume = loose({
	basics: loose({
		name: str,
		label: str,
		email: str,
		phone: str,
		summary: str,
		location: loose({ city: str, region: str }).optional().catch(undefined),
		profiles: z.array(loose({ network: str, url: str, username: str })).optional().catch(undefined),
		'x-tremplinFirstName': str,
		'x-tremplinLastName': str
	})
		.optional()
		.catch(undefined),
	work: z.array(loose({ name: str, position: str, location: str, startDate: str, endDate: str, summary: str, highlights: strings })).optional().catch(undefined),
	volunteer: z.array(loose({ organization: str, position: str, startDate: str, endDate: str, summary: str, highlights: strings })).optional().catch(undefined),
	education: z.array(loose({ institution: str, area: str, studyType: str, endDate: str, startDate: str })).optional().catch(undefined),
	skills: z.array(loose({ name: str, keywords: strings })).optional().catch(undefined),
	languages: z.array(loose({ language: str, fluency: str })).optional().catch(undefined),
	interests: z.array(loose({ name: str })).optional().catch(undefined),
	'x-tremplinSoftSkills': strings,
	'x-tremplinMobility': z.unknown().optional()
});

/** "2024-09-15", "2024-09" or "2024" → "2024-09" (a year alone becomes January, said as is). */
function month(value: string | undefined): string | undefined {
	const match = value ? /^((?:19|20)\d\d)(?:-(0[1-9]|1[0-2]))?/.exec(value) : null;
	if (!match) return undefined;
	return `${match[1]}-${match[2] ?? '01'}`;
}

const year = (value: string | undefined) => (value ? /^((?:19|20)\d\d)/.exec(value)?.[1] : undefined);
const texts = (values: unknown[] | undefined) => (values ?? []).filter((v): v is string => typeof v === 'string' && v.trim() !== '');

/** Reads a JSON Resume document (already parsed) into Tremplin's CV content, or says what is wrong. */
export function fromJsonResume(data: unknown): CvContent {
	const resume = jsonResume.parse(typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {});
	const basics = resume.basics ?? {};
	const [first = '', ...rest] = (basics.name ?? '').trim().split(/\s+/);
	const kindOf = (item: Record<string, unknown>, fallback: ExperienceKind): ExperienceKind =>
		EXPERIENCE_KINDS.includes(item['x-tremplinKind'] as ExperienceKind) ? (item['x-tremplinKind'] as ExperienceKind) : fallback;
	const experience = (item: Record<string, unknown> & { startDate?: string; endDate?: string; summary?: string; highlights?: unknown[] }, fallback: ExperienceKind) => {
		const bullets = texts(item.highlights);
		return {
			kind: kindOf(item, fallback),
			start: month(item.startDate),
			end: month(item.endDate),
			current: item['x-tremplinCurrent'] === true,
			bullets: bullets.length ? bullets : item.summary ? [item.summary] : []
		};
	};
	const candidate = {
		contact: {
			firstName: (basics['x-tremplinFirstName'] as string | undefined) ?? first,
			lastName: (basics['x-tremplinLastName'] as string | undefined) ?? rest.join(' '),
			email: basics.email || undefined,
			phone: basics.phone || undefined,
			commune: basics.location?.city || undefined,
			links: (basics.profiles ?? [])
				.filter((p) => p.url)
				.slice(0, 4)
				.map((p) => ({ label: p.network ?? p.username ?? 'Lien', url: p.url! }))
		},
		title: basics.label ?? '',
		summary: basics.summary || undefined,
		experiences: [
			...(resume.work ?? []).map((w) => ({
				title: w.position ?? w.name ?? '',
				organisation: w.position ? w.name : undefined,
				place: w.location,
				...experience(w, 'job')
			})),
			...(resume.volunteer ?? []).map((v) => ({
				title: v.position ?? v.organization ?? '',
				organisation: v.position ? v.organization : undefined,
				place: v['x-tremplinPlace'] as string | undefined,
				...experience(v, 'volunteering')
			}))
		],
		trainings: (resume.education ?? []).map((e) => ({
			title: [e.studyType, e.area].filter(Boolean).join(' ') || e.institution || '',
			school: e.area || e.studyType ? e.institution : undefined,
			place: e['x-tremplinPlace'] as string | undefined,
			year: year(e.endDate ?? e.startDate),
			status: TRAINING_STATUSES.includes(e['x-tremplinStatus'] as (typeof TRAINING_STATUSES)[number])
				? (e['x-tremplinStatus'] as (typeof TRAINING_STATUSES)[number])
				: 'obtained'
		})),
		skills: (resume.skills ?? []).flatMap((s) => (s.name ? [s.name] : texts(s.keywords))),
		softSkills: texts(resume['x-tremplinSoftSkills']),
		languages: (resume.languages ?? []).filter((l) => l.language).map((l) => ({ name: l.language!, level: l.fluency || undefined })),
		mobility: resume['x-tremplinMobility'] ?? undefined,
		interests: (resume.interests ?? []).filter((i) => i.name).map((i) => i.name!)
	};
	const result = cvContent.safeParse(candidate);
	if (!result.success) {
		const issue = result.error.issues[0]!;
		throw new JsonResumeError(issue.message, issue.path.join('.'));
	}
	return result.data;
}
