import { eq } from 'drizzle-orm';
import type { Deps } from '../app';
import { recordContact, type ContactChannel } from '../modules/accounts';
// The seed is a privileged loader: it writes follow-up rows directly, with fixed ids and dates.
import { youthProfiles } from '../modules/accounts/accounts.schema';
import { journalEntries, pathwaySteps } from '../modules/follow-up/follow-up.schema';

/**
 * Demo content of the follow-up feature (« Mes jeunes »): varied last contacts in Lyon (some youth
 * "à recontacter", one whose phone call outweighs an old activity), Karim's situation, a few journal
 * entries and his pathway plan. Fixed ids: running it again changes nothing.
 */
export async function seedFollowUp(
	deps: Deps,
	ctx: {
		lyon: string;
		counselor: string;
		nadia: string;
		karim: string;
		lyonYouth: string[];
		demoId: (key: string) => string;
		daysAgo: (days: number) => Date;
	}
): Promise<void> {
	const { db } = deps;
	const { demoId, daysAgo } = ctx;
	const day = (d: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(daysAgo(d));

	// Last contacts (the list is ordered and flagged by the latest of contact and activity).
	const contacts: [string | undefined, ContactChannel, number][] = [
		[ctx.karim, 'in_person', 6],
		[ctx.lyonYouth[2], 'message', 2], // Aminata
		[ctx.lyonYouth[7], 'phone', 5], // Mehdi: no activity for 33 days, but called this week
		[ctx.lyonYouth[8], 'in_person', 45], // Chloé: seen 45 days ago → à recontacter
		[ctx.lyonYouth[9], 'message', 38] // Samuel → à recontacter
	];
	for (const [youthId, channel, days] of contacts) {
		if (youthId) await recordContact(db, { youthId, channel, at: daysAgo(days) });
	}

	await db
		.update(youthProfiles)
		.set({ situation: 'job_seeking', situationSince: day(40) })
		.where(eq(youthProfiles.userId, ctx.karim));

	const entries: { key: string; author: string; kind: 'note' | 'phone' | 'in_person'; days: number; body: string }[] = [
		{
			key: 'karim-1',
			author: ctx.nadia,
			kind: 'in_person',
			days: 35,
			body: 'Premier accueil. Karim cherche un emploi dans la logistique, permis B en cours. Pas de CV à jour.'
		},
		{
			key: 'karim-2',
			author: ctx.counselor,
			kind: 'phone',
			days: 20,
			body: 'Appel : le code de la route est obtenu. Intéressé par la préparation de commandes (CACES 1 ?).'
		},
		{
			key: 'karim-3',
			author: ctx.counselor,
			kind: 'in_person',
			days: 6,
			body: 'Entretien : CV commencé ensemble. À revoir : lettre de motivation. Proposer l’atelier simulation d’entretien.'
		}
	];
	await db
		.insert(journalEntries)
		.values(
			entries.map((e) => ({
				id: demoId(`journal:${e.key}`),
				youthId: ctx.karim,
				writtenInStructureId: ctx.lyon,
				authorId: e.author,
				kind: e.kind,
				occurredOn: day(e.days),
				body: e.body,
				createdAt: daysAgo(e.days)
			}))
		)
		.onConflictDoNothing();

	const steps: { key: string; title: string; detail?: string; mode: 'on_site' | 'remote'; inDays?: number; status: 'todo' | 'done' }[] = [
		{ key: 'karim-cv', title: 'Finir mon CV', detail: 'Avec l’outil CV de Tremplin, puis on le relit ensemble.', mode: 'remote', status: 'done' },
		{ key: 'karim-atelier', title: 'Atelier « Réussir son entretien »', detail: 'Site de la Guillotière, salle 2.', mode: 'on_site', inDays: 9, status: 'todo' },
		{ key: 'karim-caces', title: 'S’informer sur la formation CACES 1', mode: 'remote', inDays: 21, status: 'todo' }
	];
	await db
		.insert(pathwaySteps)
		.values(
			steps.map((s, i) => ({
				id: demoId(`step:${s.key}`),
				youthId: ctx.karim,
				position: i + 1,
				title: s.title,
				detail: s.detail ?? null,
				mode: s.mode,
				targetDate: s.inDays === undefined ? null : day(-s.inDays),
				status: s.status,
				createdById: ctx.counselor,
				createdAt: daysAgo(6)
			}))
		)
		.onConflictDoNothing();
}
