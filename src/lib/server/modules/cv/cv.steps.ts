import { randomUUID } from 'node:crypto';
import { submitScreen, type FormLike, type Screen, type SubmitResult } from '$lib/cv/steps';
import { applyCvOperation, CvOperationError, type CvState } from './cv.operations';
import type { CvDraft } from './cv.validation';

/**
 * The builder without JavaScript: a screen's form becomes operations with ids made here (the
 * mapping itself is shared with the device, $lib/cv/steps.ts), tried on a copy of the CV first so
 * that a refused screen changes nothing at all, then applied by `applyCvOperations` (which checks
 * again, under the CV's lock).
 */
export function operationsFromForm(screen: Screen, form: FormLike, draft: CvDraft): SubmitResult {
	const result = submitScreen(screen, form, draft, randomUUID);
	if (!result.ok) return result;
	let state: CvState = { draft, removed: [] };
	for (const operation of result.operations) {
		try {
			state = applyCvOperation(state, operation);
		} catch (error) {
			if (!(error instanceof CvOperationError)) throw error;
			return { ok: false, field: fieldName(error.field), message: error.message };
		}
	}
	return result;
}

/** "contact.email" → "email": the name of the form field a refused path belongs to. */
const FIELDS: Record<string, string> = {
	firstName: 'prenom',
	lastName: 'nom',
	email: 'email',
	phone: 'telephone',
	commune: 'commune',
	summary: 'resume',
	skills: 'competence-autre',
	softSkills: 'qualite-autre',
	interests: 'interet-autre',
	note: 'note',
	organisation: 'organisation',
	place: 'lieu',
	bullets: 'lignes',
	school: 'ecole',
	year: 'annee'
};
export function fieldName(path: string): string {
	const parts = path.split('.');
	if (parts[0] === 'title') return 'titre';
	if (parts[0] === 'languages') return `langue-${parts[1] ?? 0}`;
	for (const part of parts.reverse()) if (FIELDS[part]) return FIELDS[part];
	if (path.startsWith('experiences') || path.startsWith('trainings')) return 'titre';
	return 'form';
}
