import { z } from 'zod';
import { SITUATIONS } from './accounts.schema';

export const changeReferentInput = z.object({
	youthId: z.uuid({ message: 'Jeune inconnu.' }),
	counselorId: z.uuid({ message: 'Choisissez un conseiller ou une conseillère.' }),
	reason: z
		.string()
		.trim()
		.max(300, { message: 'Le motif ne doit pas dépasser 300 caractères.' })
		.optional()
		.transform((v) => (v ? v : null))
});
export type ChangeReferentInput = z.input<typeof changeReferentInput>;

/** The caseload's query string. `filtre=quiet` (former "sans nouvelles") still works: it means "à recontacter". */
export const youthListQuery = z.object({
	filtre: z.preprocess((v) => (v === 'quiet' ? 'recontact' : v), z.enum(['mine', 'all', 'recontact'])).catch('mine'),
	tri: z.enum(['contact', 'name', 'appointment']).catch('contact'),
	q: z.string().trim().max(100).catch('')
});

export const situationInput = z.object({
	youthId: z.uuid({ message: 'Jeune inconnu.' }),
	situation: z.enum(SITUATIONS, { message: 'Choisissez une situation.' }),
	since: z.iso.date({ message: 'Indiquez une date valide.' })
});
export type SituationInput = z.input<typeof situationInput>;
