import type { Database } from '$lib/server/db/client';
import type { Actor } from '$lib/server/platform/access';
import { listSelectedSoftSkillLabels } from '../soft-skills';
import { proposePhrasing } from './cv.phrasing';
import type { CvDraft } from './cv.validation';

/**
 * Skills the builder suggests on its « Compétences » screen: the plug point of the skills issue,
 * which will replace this curated list (by job family, read from the CV's title and experiences)
 * with its own repository. Suggestions only: the youth ticks what is true and writes the rest.
 */

export interface SkillsContext {
	title: string;
	experiences: Pick<CvDraft['experiences'][number], 'kind' | 'title'>[];
}

const FAMILIES: { keywords: string[]; skills: string[] }[] = [
	{ keywords: ['vend', 'commerce', 'magasin', 'caisse', 'boutique', 'rayon'], skills: ['Accueil des clients', 'Encaissement', 'Mise en rayon', 'Conseil à la vente'] },
	{ keywords: ['cuisin', 'restaura', 'serveu', 'serveur', 'barista', 'boulang', 'patiss', 'snack'], skills: ['Règles d’hygiène en cuisine', 'Service en salle', 'Préparation des repas', 'Plonge et entretien'] },
	{ keywords: ['logisti', 'entrepot', 'entrepôt', 'prépar', 'cariste', 'magasinier', 'manutention'], skills: ['Préparation de commandes', 'Réception et contrôle des colis', 'Port de charges en sécurité', 'Inventaire'] },
	{ keywords: ['bâtiment', 'batiment', 'chantier', 'maçon', 'macon', 'peint', 'électri', 'electri', 'plomb'], skills: ['Lecture de consignes de chantier', 'Utilisation d’outils électroportatifs', 'Règles de sécurité sur chantier'] },
	{ keywords: ['enfant', 'animat', 'bafa', 'crèche', 'creche', 'périscolaire', 'periscolaire'], skills: ['Animation d’activités pour enfants', 'Surveillance et sécurité des enfants', 'Aide aux devoirs'] },
	{ keywords: ['aide à domicile', 'aide-soignant', 'soignant', 'personne âgée', 'personnes âgées', 'ehpad', 'auxiliaire de vie'], skills: ['Aide aux repas', 'Accompagnement au quotidien', 'Entretien du logement'] },
	{ keywords: ['accueil', 'secrétar', 'secretar', 'bureau', 'administratif', 'standard'], skills: ['Accueil téléphonique', 'Classement et suivi de dossiers', 'Bureautique (Word, Excel)'] },
	{ keywords: ['jardin', 'espaces verts', 'paysag', 'agricol', 'vendange'], skills: ['Tonte et taille', 'Entretien des espaces verts', 'Utilisation d’outils de jardinage'] },
	{ keywords: ['nettoy', 'propreté', 'proprete', 'ménage', 'menage', 'entretien'], skills: ['Nettoyage des locaux', 'Utilisation des produits en sécurité', 'Tri des déchets'] },
	{ keywords: ['livr', 'chauffeur', 'conduc', 'transport', 'coursier'], skills: ['Organisation de tournées', 'Remise en main propre', 'Conduite en ville'] },
	{ keywords: ['informati', 'numérique', 'numerique', 'web', 'développ', 'develop', 'graph'], skills: ['Bureautique (Word, Excel)', 'Réseaux sociaux', 'Montage vidéo', 'Création de visuels'] }
];

const EVERYONE = ['Bureautique (Word, Excel)', 'Réseaux sociaux', 'Utilisation d’un smartphone pour le travail', 'Travail en équipe'];

const fold = (s: string) => s.toLocaleLowerCase('fr-FR');

/** At most 10 suggestions, the ones closest to the CV's title first. */
export function suggestedSkills(context: SkillsContext): string[] {
	const words = [context.title, ...context.experiences.map((e) => e.title)].map(fold);
	const out: string[] = [];
	for (const text of words) {
		for (const family of FAMILIES) {
			if (family.keywords.some((k) => text.includes(k))) for (const s of family.skills) if (!out.includes(s)) out.push(s);
		}
	}
	for (const s of EVERYONE) if (!out.includes(s)) out.push(s);
	return out.slice(0, 10);
}

const GENERAL_QUALITIES = ['Ponctualité', 'Motivation', 'Sens du travail en équipe', 'Curiosité', 'Sérieux'];

/**
 * Qualities the youth identified in « Mes qualités » (confirmed ones first), then those their
 * experiences show (what the phrasing helper would say), then general ones; at most 10.
 */
export function suggestedSoftSkills(context: SkillsContext, identified: readonly string[] = []): string[] {
	const out: string[] = [];
	for (const s of identified) if (!out.includes(s)) out.push(s);
	for (const e of context.experiences) for (const s of proposePhrasing(e.kind, e.title).softSkills) if (!out.includes(s)) out.push(s);
	for (const s of GENERAL_QUALITIES) if (!out.includes(s)) out.push(s);
	return out.slice(0, 10);
}

/** The builder's soft-skill suggestions for this youth: their own skills from the soft-skills module first. */
export async function softSkillSuggestionsFor(deps: { db: Database; now: () => Date }, actor: Actor | null, context: SkillsContext): Promise<string[]> {
	return suggestedSoftSkills(context, await listSelectedSoftSkillLabels(deps, actor));
}
