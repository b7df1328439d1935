import { z } from 'zod';

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

export const youthListQuery = z.object({
	filtre: z.enum(['mine', 'all', 'quiet']).catch('mine'),
	q: z.string().trim().max(100).catch('')
});
