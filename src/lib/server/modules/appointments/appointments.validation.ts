import { z } from 'zod';
import { isDay, isTime } from '$lib/appointments/time';
import { APPOINTMENT_MODES, ATTENDANCES } from './appointments.schema';

export const DURATIONS = [15, 20, 30, 45, 60, 90] as const;
export const MAX_WEEKS = 12;
export const MAX_SLOTS_AT_ONCE = 60;
export const REASON_MAX = 500;

export const isUuid = (s: unknown): s is string =>
	typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

const trimmed = z
	.string()
	.optional()
	.transform((v) => (v ?? '').trim());

const mode = z.enum(APPOINTMENT_MODES, { error: 'Choisissez sur place, téléphone ou visio.' });
const day = z.string({ error: 'Choisissez une date.' }).trim().refine(isDay, 'Choisissez une date valide.');
const time = (message: string) => z.string({ error: message }).trim().refine(isTime, message);
const duration = z.coerce
	.number({ error: 'Choisissez une durée.' })
	.int()
	.refine((n) => (DURATIONS as readonly number[]).includes(n), 'Choisissez une durée dans la liste.');
const optionalSite = trimmed.pipe(
	z
		.string()
		.refine((v) => v === '' || isUuid(v), 'Choisissez un lieu dans la liste.')
		.transform((v) => (v === '' ? null : v.toLowerCase()))
);

/**
 * Publishing availability: a time range of one day cut into slots of `duration` minutes,
 * optionally repeated on the same weekday for a few weeks.
 */
export const publishSlotsInput = z
	.object({
		day,
		from: time('Indiquez l’heure de début (par exemple 09:00).'),
		until: time('Indiquez l’heure de fin (par exemple 12:00).'),
		duration,
		mode,
		siteId: optionalSite,
		weeks: z.coerce
			.number({ error: 'Indiquez un nombre de semaines.' })
			.int('Indiquez un nombre entier de semaines.')
			.min(1, 'Au moins 1 semaine.')
			.max(MAX_WEEKS, `${MAX_WEEKS} semaines au maximum.`)
			.default(1)
	})
	.superRefine((v, ctx) => {
		if (v.until <= v.from) ctx.addIssue({ code: 'custom', path: ['until'], message: 'La fin doit être après le début.' });
		if (v.mode === 'in_person' && !v.siteId) ctx.addIssue({ code: 'custom', path: ['siteId'], message: 'Choisissez le lieu du rendez-vous.' });
	});
export type PublishSlotsInput = z.infer<typeof publishSlotsInput>;

/** One slot created on the fly by a counselor booking for a youth. */
export const oneSlotInput = z
	.object({ day, from: time('Indiquez l’heure (par exemple 14:30).'), duration, mode, siteId: optionalSite })
	.superRefine((v, ctx) => {
		if (v.mode === 'in_person' && !v.siteId) ctx.addIssue({ code: 'custom', path: ['siteId'], message: 'Choisissez le lieu du rendez-vous.' });
	});
export type OneSlotInput = z.infer<typeof oneSlotInput>;

export const reasonInput = trimmed.pipe(z.string().max(REASON_MAX, `${REASON_MAX} caractères au maximum.`));

export const attendanceInput = z.enum(ATTENDANCES, { error: 'Choisissez présent, excusé ou absent.' });
