import { z } from 'zod';
import { STEP_MODES, STEP_STATUSES, WRITABLE_JOURNAL_KINDS } from './follow-up.schema';

export const MAX_JOURNAL_LENGTH = 5000;
export const MAX_STEPS = 50;

const uuid = (message: string) => z.uuid({ message });
const day = (message: string) => z.iso.date({ message });
const optionalDay = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v : null))
	.pipe(z.iso.date({ message: 'Indiquez une date valide.' }).nullable());

const journalFields = {
	kind: z.enum(WRITABLE_JOURNAL_KINDS, { message: 'Choisissez le type de note.' }),
	occurredOn: day('Indiquez la date du contact.').refine((v) => v >= '2000-01-01', { message: 'Indiquez une date valide.' }),
	body: z
		.string({ message: 'Écrivez la note.' })
		.trim()
		.min(1, { message: 'Écrivez la note.' })
		.max(MAX_JOURNAL_LENGTH, { message: `La note ne doit pas dépasser ${MAX_JOURNAL_LENGTH} caractères.` })
};

export const journalEntryInput = z.object({ youthId: uuid('Jeune inconnu.'), ...journalFields });
export type JournalEntryInput = z.input<typeof journalEntryInput>;

export const journalEditInput = z.object({ entryId: uuid('Note inconnue.'), ...journalFields });
export type JournalEditInput = z.input<typeof journalEditInput>;

const stepFields = {
	title: z
		.string({ message: 'Donnez un titre à l’étape.' })
		.trim()
		.min(1, { message: 'Donnez un titre à l’étape.' })
		.max(120, { message: 'Le titre ne doit pas dépasser 120 caractères.' }),
	detail: z
		.string()
		.trim()
		.max(1000, { message: 'Le détail ne doit pas dépasser 1 000 caractères.' })
		.optional()
		.transform((v) => (v ? v : null)),
	mode: z.enum(STEP_MODES, { message: 'Choisissez : sur place ou à distance.' }),
	targetDate: optionalDay
};

export const stepInput = z.object({ youthId: uuid('Jeune inconnu.'), ...stepFields });
export type StepInput = z.input<typeof stepInput>;

export const stepEditInput = z.object({
	stepId: uuid('Étape inconnue.'),
	...stepFields,
	status: z.enum(STEP_STATUSES, { message: 'Choisissez un état.' })
});
export type StepEditInput = z.input<typeof stepEditInput>;

export const stepMoveInput = z.object({
	stepId: uuid('Étape inconnue.'),
	direction: z.enum(['up', 'down'], { message: 'Déplacement inconnu.' })
});
export type StepMoveInput = z.input<typeof stepMoveInput>;

export const transferInput = z.object({
	youthId: uuid('Jeune inconnu.'),
	toStructureId: uuid('Choisissez une Mission Locale.'),
	reason: z
		.string({ message: 'Indiquez le motif du transfert.' })
		.trim()
		.min(3, { message: 'Indiquez le motif du transfert.' })
		.max(500, { message: 'Le motif ne doit pas dépasser 500 caractères.' })
});
export type TransferInput = z.input<typeof transferInput>;
