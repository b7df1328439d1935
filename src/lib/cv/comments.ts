import type { CV_COMMENT_SECTIONS } from '$lib/server/modules/cv/cv.schema';

/** A part of a CV: what a comment points at, and the `cv-section-<part>` anchors of the preview. */
export type CvPreviewSection = (typeof CV_COMMENT_SECTIONS)[number];

/** The parts of a CV a counselor's comment can point at, in reading order, with their French names. */
export const COMMENT_SECTION_LABELS: Record<CvPreviewSection, string> = {
	general: 'Le CV en général',
	contact: 'Coordonnées',
	title: 'Poste recherché',
	summary: 'Profil',
	experiences: 'Expériences',
	trainings: 'Formations',
	skills: 'Compétences',
	softSkills: 'Qualités',
	languages: 'Langues',
	mobility: 'Permis et mobilité',
	interests: 'Centres d’intérêt'
};

export const COMMENT_SECTIONS_IN_ORDER = Object.keys(COMMENT_SECTION_LABELS) as CvPreviewSection[];

/** The builder's step where a part is changed (`/jeune/cv/<id>/etapes/<slug>`); null: the CV's page. */
export const STEP_OF_SECTION: Record<CvPreviewSection, string | null> = {
	general: null,
	contact: 'coordonnees',
	title: 'titre',
	summary: 'resume',
	experiences: 'experiences',
	trainings: 'formations',
	skills: 'competences',
	softSkills: 'competences',
	languages: 'langues',
	mobility: 'mobilite',
	interests: 'interets'
};
