import { and, eq } from 'drizzle-orm';
import { STEPS, type StepSlug } from '$lib/cv/steps';
import type { Database } from '$lib/server/db/client';
import { requireRole, type Actor } from '$lib/server/platform/access';
import type { CvFinding, CvSection } from './cv.checks';
import { checkCv } from './cv.checks';
import { cvNotReady } from './cv.errors';
import { toJsonResume, toPlainText } from './cv.exports';
import { unsupportedCharacters } from './cv.fonts';
import { renderCvPdf } from './cv.pdf';
import { getOwnCvPhoto } from './cv.photo';
import { cvPhotos, cvs } from './cv.schema';
import { getCv, type CvRecord } from './cv.usecases';
import { cvContent, type CvDraft } from './cv.validation';

/**
 * Reads shaped for the youth's CV pages: the overview of one CV (its progress step by step, the
 * checks grouped by step, whether it has a photo) and the files it can be downloaded as. Youth
 * only, on their own CVs (through `getCv`, scoped to the actor).
 */

type CvDeps = { db: Database; now: () => Date };

/** Steps the youth may leave empty: the CV reads well without them. */
const OPTIONAL_STEPS: ReadonlySet<StepSlug> = new Set(['mobilite', 'interets', 'resume']);

/** The builder's steps (`$lib/cv/steps`), in order, by their address (`/jeune/cv/<id>/etapes/<slug>`). */
export const CV_STEPS = STEPS.map((step) => ({ slug: step.slug, label: step.label as string, optional: OPTIONAL_STEPS.has(step.slug) }));
export type CvStepSlug = StepSlug;

/** The step where a finding of the checks is fixed (null: the CV as a whole). */
export const STEP_OF_SECTION: Record<CvSection, CvStepSlug | null> = {
	contact: 'coordonnees',
	title: 'titre',
	summary: 'resume',
	experiences: 'experiences',
	trainings: 'formations',
	skills: 'competences',
	softSkills: 'competences',
	languages: 'langues',
	interests: 'interets',
	length: null
};

export interface CvStepProgress {
	slug: CvStepSlug;
	label: string;
	optional: boolean;
	done: boolean;
	/** A few words on what the step holds ("2 expériences", "Pas encore rempli"). */
	detail: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** Which steps hold something, from the draft alone (no database). */
export function cvProgress(draft: CvDraft): CvStepProgress[] {
	const c = draft.contact;
	const status: Record<CvStepSlug, { done: boolean; detail: string }> = {
		coordonnees: {
			done: Boolean(c.firstName && (c.phone || c.email)),
			detail: c.firstName ? [c.firstName, c.lastName].filter(Boolean).join(' ') + (c.phone || c.email ? '' : ' · ni téléphone ni e-mail') : 'Prénom manquant'
		},
		titre: { done: draft.title !== '', detail: draft.title || 'Pas encore écrit' },
		experiences: { done: draft.experiences.length > 0, detail: draft.experiences.length ? plural(draft.experiences.length, 'expérience', 'expériences') : 'Aucune pour l’instant' },
		formations: { done: draft.trainings.length > 0, detail: draft.trainings.length ? plural(draft.trainings.length, 'formation', 'formations') : 'Aucune pour l’instant' },
		competences: {
			done: draft.skills.length + draft.softSkills.length > 0,
			detail:
				draft.skills.length + draft.softSkills.length
					? `${plural(draft.skills.length, 'compétence', 'compétences')}, ${plural(draft.softSkills.length, 'qualité', 'qualités')}`
					: 'Aucune pour l’instant'
		},
		langues: { done: draft.languages.length > 0, detail: draft.languages.map((l) => l.name).join(', ') || 'Aucune pour l’instant' },
		mobilite: {
			done: draft.mobility.licences.length > 0 || draft.mobility.vehicle || Boolean(draft.mobility.note),
			detail: draft.mobility.licences.length ? `Permis ${draft.mobility.licences.join(', ')}` : draft.mobility.vehicle || draft.mobility.note ? 'Renseigné' : 'Rien pour l’instant'
		},
		interets: { done: draft.interests.length > 0, detail: draft.interests.join(', ') || 'Rien pour l’instant' },
		resume: { done: Boolean(draft.summary), detail: draft.summary ? 'Écrit' : 'Rien pour l’instant' }
	};
	return CV_STEPS.map((step) => ({ ...step, ...status[step.slug] }));
}

export interface CvCheckGroup {
	/** The step that fixes these findings, or null for the CV as a whole. */
	step: CvStepSlug | null;
	label: string;
	findings: { severity: CvFinding['severity']; message: string }[];
}

export interface CvOverview {
	cv: CvRecord;
	progress: CvStepProgress[];
	/** What is still needed before the CV can be exported (first name, title), by step. */
	missing: { step: CvStepSlug; message: string }[];
	/** The counselor-like advice, grouped by step (empty while something is missing). */
	checks: CvCheckGroup[];
	pageCount: number | null;
	photo: { width: number; height: number; addedAt: Date } | null;
	/** Characters the PDF and the plain text cannot print, to warn before the download. */
	unprintable: string[];
}

/** What the draft needs before it is an exportable CV (`cvContent`), in the builder's words. */
export function missingForExport(draft: CvDraft): { step: CvStepSlug; message: string }[] {
	const missing: { step: CvStepSlug; message: string }[] = [];
	if (!draft.contact.firstName) missing.push({ step: 'coordonnees', message: 'Ton prénom manque : il est en haut du CV.' });
	if (!draft.title) missing.push({ step: 'titre', message: 'Dis ce que tu cherches (par exemple « Vendeur en boulangerie ») : c’est le titre du CV.' });
	return missing;
}

/** The CV's page: the CV, its progress, the checks (run on the PDF's page count) and its photo. */
export async function getCvOverview(deps: CvDeps, actor: Actor | null, cvId: string): Promise<CvOverview> {
	const cv = await getCv(deps, actor, cvId);
	const [photo] = await deps.db
		.select({ width: cvPhotos.width, height: cvPhotos.height, addedAt: cvPhotos.createdAt })
		.from(cvPhotos)
		.innerJoin(cvs, eq(cvs.id, cvPhotos.cvId))
		.where(and(eq(cvPhotos.cvId, cv.id), eq(cvs.youthId, actor!.userId)));
	const missing = missingForExport(cv.draft);
	const content = cvContent.safeParse(cv.draft);
	let checks: CvCheckGroup[] = [];
	let pageCount: number | null = null;
	let unprintable: string[] = [];
	if (content.success) {
		pageCount = countPages(await renderCvPdf(content.data, { template: cv.template, createdAt: cv.updatedAt }));
		const findings = await checkCv(content.data, { now: deps.now(), pageCount, suggestions: 3 });
		checks = groupFindings(findings);
		unprintable = unsupportedCharacters(toPlainText(content.data));
	}
	return { cv, progress: cvProgress(cv.draft), missing, checks, pageCount, photo: photo ?? null, unprintable };
}

/** Findings grouped by the step that fixes them, in the builder's order; warnings first in a group. */
export function groupFindings(findings: CvFinding[]): CvCheckGroup[] {
	const order: (CvStepSlug | null)[] = [null, ...CV_STEPS.map((s) => s.slug)];
	const groups = new Map<CvStepSlug | null, CvCheckGroup>();
	for (const finding of findings) {
		const step = STEP_OF_SECTION[finding.section];
		const group = groups.get(step) ?? { step, label: step ? CV_STEPS.find((s) => s.slug === step)!.label : 'Le CV en entier', findings: [] };
		group.findings.push({ severity: finding.severity, message: finding.message });
		groups.set(step, group);
	}
	for (const group of groups.values()) group.findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'warning' ? -1 : 1));
	return [...groups.values()].sort((a, b) => order.indexOf(a.step) - order.indexOf(b.step));
}

/** Pages of a PDF made by pdfkit (one `/Type /Page` object per page). */
function countPages(pdf: Uint8Array): number {
	return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 1;
}

export type CvDownloadFormat = 'pdf' | 'txt' | 'json';

export interface CvDownload {
	bytes: Uint8Array;
	contentType: string;
	/** "CV-Karim-Benali.pdf" (the UTF-8 name; the route adds an ASCII fallback). */
	fileName: string;
}

/** "Karim Ben Ali" → "CV-Karim-Ben-Ali"; without a name, the CV's own name. */
export function downloadBaseName(cv: CvRecord): string {
	const words = [cv.draft.contact.firstName, cv.draft.contact.lastName].join(' ').trim() || cv.name;
	const cleaned = words
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex -- removing control characters is the point
		.replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069"*:<>?|\\/.]/g, ' ')
		.trim()
		.split(/\s+/)
		.filter(Boolean)
		.join('-')
		.slice(0, 80);
	return `CV-${cleaned || 'Tremplin'}`;
}

/**
 * The youth's own CV as a file: the PDF (chosen template, with the photo), the plain text or the
 * JSON Resume. A draft still missing its first name or title cannot be exported: `cv.not_ready`.
 */
export async function downloadCv(deps: CvDeps, actor: Actor | null, cvId: string, format: CvDownloadFormat): Promise<CvDownload> {
	requireRole(actor, ['youth']);
	const cv = await getCv(deps, actor, cvId);
	const content = cvContent.safeParse(cv.draft);
	if (!content.success) throw cvNotReady();
	const base = downloadBaseName(cv);
	if (format === 'pdf') {
		const photo = await getOwnCvPhoto(deps, actor, cv.id);
		const bytes = await renderCvPdf(content.data, { template: cv.template, photo: photo?.bytes ?? null, createdAt: deps.now() });
		return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType: 'application/pdf', fileName: `${base}.pdf` };
	}
	if (format === 'txt') {
		return { bytes: new TextEncoder().encode(toPlainText(content.data)), contentType: 'text/plain; charset=utf-8', fileName: `${base}.txt` };
	}
	return { bytes: new TextEncoder().encode(JSON.stringify(toJsonResume(content.data), null, 2)), contentType: 'application/json; charset=utf-8', fileName: `${base}.json` };
}
