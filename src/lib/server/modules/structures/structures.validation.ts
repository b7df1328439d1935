import { z } from 'zod';
import { DAY_NAMES } from './structures.hours';
import type { OpeningHours } from './structures.schema';
import { findCommune } from './structures.territory';

const optionalText = (max: number, message: string) =>
	z
		.string()
		.trim()
		.max(max, { message })
		.optional()
		.transform((v) => (v ? v : null));

/** A French phone number written loosely ("04 72 00 00 00", "+33 4…"); stored as typed, trimmed. */
const phone = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v.replace(/\s+/g, ' ') : null))
	.refine((v) => v === null || /^(\+33 ?|0)[1-9]( ?\d{2}){4}$/.test(v), {
		message: 'Indiquez un numéro à 10 chiffres, par exemple 04 72 00 00 00.'
	});

export const structureDetailsInput = z.object({
	name: z
		.string({ message: 'Indiquez le nom de la Mission Locale.' })
		.trim()
		.min(3, { message: 'Indiquez le nom de la Mission Locale (3 caractères au moins).' })
		.max(150, { message: 'Le nom ne doit pas dépasser 150 caractères.' }),
	email: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v.toLowerCase() : null))
		.refine((v) => v === null || z.email().safeParse(v).success, {
			message: 'Indiquez une adresse e-mail valide, par exemple contact@ml-exemple.fr.'
		}),
	phone,
	website: optionalText(300, "L'adresse du site ne doit pas dépasser 300 caractères.").refine(
		(v) => v === null || /^https:\/\/[^\s/]+\.[^\s]+$/.test(v),
		{ message: 'Indiquez une adresse qui commence par https://' }
	)
});
export type StructureDetailsInput = z.input<typeof structureDetailsInput>;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** One day's ranges: each "HH:MM", closing after opening, at most 2 ranges that do not overlap. */
export function checkOpeningHours(hours: { day: number; opens: string; closes: string }[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (let day = 1; day <= 7; day++) {
		const key = `hours-${day}`;
		const ranges = hours.filter((r) => r.day === day);
		const dayName = DAY_NAMES[day - 1];
		if (ranges.length > 2) {
			errors[key] = `Deux plages horaires au plus le ${dayName}.`;
			continue;
		}
		for (const r of ranges) {
			if (!r.opens || !r.closes) {
				errors[key] ??= `Indiquez l'heure d'ouverture et l'heure de fermeture du ${dayName}.`;
			} else if (!TIME.test(r.opens) || !TIME.test(r.closes)) {
				errors[key] ??= `Écrivez les heures du ${dayName} sous la forme 09:00.`;
			} else if (r.closes <= r.opens) {
				errors[key] ??= `Le ${dayName}, l'heure de fermeture doit venir après l'heure d'ouverture.`;
			}
		}
		if (!errors[key] && ranges.length === 2) {
			const [a, b] = [...ranges].sort((x, y) => x.opens.localeCompare(y.opens));
			if (b!.opens < a!.closes) errors[key] = `Le ${dayName}, les deux plages horaires se chevauchent.`;
		}
	}
	for (const r of hours) {
		if (!Number.isInteger(r.day) || r.day < 1 || r.day > 7) errors.hours = 'Jour de la semaine inconnu.';
	}
	return errors;
}

const openingHours = z
	.array(z.object({ day: z.number(), opens: z.string(), closes: z.string() }))
	.max(14)
	.default([]);

export const siteInput = z
	.object({
		name: z
			.string({ message: 'Indiquez le nom du site.' })
			.trim()
			.min(3, { message: 'Indiquez le nom du site (3 caractères au moins), par exemple « Antenne de Bron ».' })
			.max(120, { message: 'Le nom ne doit pas dépasser 120 caractères.' }),
		addressLine: z
			.string({ message: "Indiquez l'adresse." })
			.trim()
			.min(5, { message: "Indiquez le numéro et la rue, par exemple « 12 rue de la Gare »." })
			.max(200, { message: "L'adresse ne doit pas dépasser 200 caractères." }),
		postalCode: z
			.string({ message: 'Indiquez le code postal.' })
			.trim()
			.regex(/^\d{5}$/, { message: 'Le code postal compte 5 chiffres, par exemple 69003.' }),
		communeCode: z
			.string({ message: 'Indiquez le code INSEE de la commune.' })
			.trim()
			.toUpperCase()
			.regex(/^(\d{5}|2[AB]\d{3})$/, { message: 'Le code INSEE compte 5 caractères, par exemple 69123.' }),
		phone,
		openingHours
	})
	.superRefine((site, ctx) => {
		const commune = findCommune(site.communeCode);
		if (!commune) {
			ctx.addIssue({ code: 'custom', path: ['communeCode'], message: "Ce code INSEE ne correspond à aucune commune." });
		} else if (!commune.postalCodes.includes(site.postalCode)) {
			ctx.addIssue({
				code: 'custom',
				path: ['postalCode'],
				message: `Ce code postal ne correspond pas à ${commune.name} (${commune.postalCodes.join(', ')}).`
			});
		}
		for (const [field, message] of Object.entries(checkOpeningHours(site.openingHours))) {
			ctx.addIssue({ code: 'custom', path: [field], message });
		}
	})
	.transform((site) => {
		const commune = findCommune(site.communeCode)!;
		const hours: OpeningHours = [...site.openingHours].sort((a, b) => a.day - b.day || a.opens.localeCompare(b.opens));
		return { ...site, communeCode: commune.code, city: commune.name, openingHours: hours };
	});
export type SiteInput = z.input<typeof siteInput>;

/**
 * Reads opening hours from a form: fields `hours-<day>-<n>-opens` / `-closes` (day 1–7, n 1–2).
 * An empty pair is no range; a half-filled pair is kept so that validation explains what is missing.
 */
export function openingHoursFromForm(values: Record<string, string>): OpeningHours {
	const hours: OpeningHours = [];
	for (let day = 1; day <= 7; day++) {
		for (let n = 1; n <= 2; n++) {
			const opens = (values[`hours-${day}-${n}-opens`] ?? '').trim();
			const closes = (values[`hours-${day}-${n}-closes`] ?? '').trim();
			if (opens || closes) hours.push({ day, opens, closes });
		}
	}
	return hours;
}

/** The same fields, filled from stored hours (to refill the form). */
export function openingHoursToForm(hours: OpeningHours): Record<string, string> {
	const values: Record<string, string> = {};
	for (let day = 1; day <= 7; day++) {
		hours
			.filter((r) => r.day === day)
			.sort((a, b) => a.opens.localeCompare(b.opens))
			.slice(0, 2)
			.forEach((r, i) => {
				values[`hours-${day}-${i + 1}-opens`] = r.opens;
				values[`hours-${day}-${i + 1}-closes`] = r.closes;
			});
	}
	return values;
}

export const coverageImportInput = z.object({
	csv: z.string(),
	replace: z.boolean().default(false)
});
