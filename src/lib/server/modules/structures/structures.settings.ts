import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { authorize, requireRole, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { validate } from '../../platform/http/forms';
import { structureNotFound } from './structures.errors';
import { structures } from './structures.schema';

/** A structure's follow-up settings (page « Réglages » of its management). */
export interface FollowUpSettings {
	structureId: string;
	structureName: string;
	recontactAfterDays: number;
	videoFallbackUrl: string | null;
	videoFallbackPhone: string | null;
}

/**
 * A French phone number (landline or mobile, metropolitan or overseas) in international form
 * ("+33472000000"), or null when it is not one. Mobiles give the same result as accounts'
 * `normalizePhone`; a Mission Locale's fallback line is often a landline, so those are accepted too.
 */
export function normalizeFrenchPhone(input: string): string | null {
	const compact = input.replace(/[\s.\-()]/g, '');
	if (/^0[1-9]\d{8}$/.test(compact)) return '+33' + compact.slice(1);
	if (/^0033[1-9]\d{8}$/.test(compact)) return '+' + compact.slice(2);
	if (/^\+33[1-9]\d{8}$/.test(compact)) return compact;
	if (/^\+(262|269|590|594|596|687|689)\d{9}$/.test(compact)) return compact;
	return null;
}

export const followUpSettingsInput = z.object({
	recontactAfterDays: z.coerce
		.number({ message: 'Indiquez un nombre de jours.' })
		.int({ message: 'Indiquez un nombre entier de jours.' })
		.min(1, { message: 'Le délai doit être d’au moins 1 jour.' })
		.max(365, { message: 'Le délai ne peut pas dépasser 365 jours.' }),
	videoFallbackUrl: z
		.string()
		.trim()
		.max(500, { message: 'Le lien ne doit pas dépasser 500 caractères.' })
		.refine(
			(v) => {
				if (v === '') return true;
				try {
					const url = new URL(v);
					return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password;
				} catch {
					return false;
				}
			},
			{ message: 'Indiquez un lien complet qui commence par https://' }
		)
		.transform((v) => (v === '' ? null : v)),
	videoFallbackPhone: z
		.string()
		.trim()
		.max(30, { message: 'Indiquez un numéro de téléphone français valide.' })
		.transform((v, ctx) => {
			if (v === '') return null;
			const phone = normalizeFrenchPhone(v);
			if (!phone) {
				ctx.addIssue({ code: 'custom', message: 'Indiquez un numéro de téléphone français valide, par exemple 04 72 00 00 00.' });
				return z.NEVER;
			}
			return phone;
		})
});
export type FollowUpSettingsInput = z.input<typeof followUpSettingsInput>;

/** The follow-up settings of a structure, for code that has already checked access (caseload, appointments). */
export async function getFollowUpSettings(db: Database, structureId: string): Promise<FollowUpSettings | null> {
	const [row] = await db
		.select({
			structureId: structures.id,
			structureName: structures.name,
			recontactAfterDays: structures.recontactAfterDays,
			videoFallbackUrl: structures.videoFallbackUrl,
			videoFallbackPhone: structures.videoFallbackPhone
		})
		.from(structures)
		.where(eq(structures.id, structureId))
		.limit(1);
	return row ?? null;
}

/** The settings of the manager's own structure (page « Réglages »). Structure managers only. */
export async function getMyStructureSettings(db: Database, actor: Actor | null): Promise<FollowUpSettings> {
	const a = requireRole(actor, ['structure_manager']);
	if (!a.structureId) throw structureNotFound();
	const settings = await getFollowUpSettings(db, a.structureId);
	if (!settings) throw structureNotFound();
	return settings;
}

/** Changes the follow-up settings of the manager's own structure, audited. Structure managers only. */
export async function updateFollowUpSettings(
	deps: { db: Database },
	actor: Actor | null,
	raw: FollowUpSettingsInput | Record<string, unknown>
): Promise<FollowUpSettings> {
	const a = requireRole(actor, ['structure_manager']);
	const current = a.structureId ? await getFollowUpSettings(deps.db, a.structureId) : null;
	if (!current) throw structureNotFound();
	authorize(a, 'write', 'structure', { structureId: current.structureId, networkId: a.networkId });
	const input = validate(followUpSettingsInput, raw);
	await deps.db.transaction(async (tx) => {
		await tx.update(structures).set(input).where(eq(structures.id, current.structureId));
		const changed = (Object.keys(input) as (keyof typeof input)[]).filter((k) => input[k] !== current[k]);
		await recordAudit(tx, {
			actorId: a.userId,
			action: 'structure.follow_up_settings_changed',
			targetType: 'structure',
			targetId: current.structureId,
			structureId: current.structureId,
			details: { changed, recontactAfterDays: { from: current.recontactAfterDays, to: input.recontactAfterDays } }
		});
	});
	return { ...current, ...input };
}

/** Active Missions Locales other than `exceptId`, by name: where a youth may be transferred. */
export async function listTransferTargets(db: Database, exceptId: string): Promise<{ id: string; name: string }[]> {
	return db
		.select({ id: structures.id, name: structures.name })
		.from(structures)
		.where(and(isNull(structures.archivedAt), ne(structures.id, exceptId)))
		.orderBy(asc(structures.name));
}

/** An active structure by id (null: unknown or archived). */
export async function findActiveStructure(db: Database, structureId: string): Promise<{ id: string; name: string } | null> {
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(structureId)) return null;
	const [row] = await db
		.select({ id: structures.id, name: structures.name })
		.from(structures)
		.where(and(eq(structures.id, structureId.toLowerCase()), isNull(structures.archivedAt)))
		.limit(1);
	return row ?? null;
}
