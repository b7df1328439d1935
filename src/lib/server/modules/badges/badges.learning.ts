import type { Database } from '$lib/server/db/client';
import { findYouthPlace } from '../accounts';
import { getCatalogue } from '../learning';
import { findStructurePlace } from '../structures';
import type { Achievement } from './badges.sources';

/**
 * The `learning_module` source: the parcours a youth has completed (first completion date), among
 * the modules they may still play. Built on the learning module's public catalogue, read as the
 * youth would see it.
 */
export async function completedModules(deps: { db: Database; now: () => Date }, youthId: string): Promise<Achievement[]> {
	const place = await findYouthPlace(deps.db, youthId);
	if (!place) return [];
	const structure = await findStructurePlace(deps.db, place.structureId);
	const catalogue = await getCatalogue(deps, {
		actor: { userId: place.id, role: 'youth', structureId: place.structureId, networkId: structure?.networkId ?? null, companyId: null },
		guestId: null
	});
	return catalogue.modules
		.filter((m) => m.progress.status === 'done' && m.progress.badgeEarnedAt)
		.map((m) => ({
			kind: 'learning_module' as const,
			ref: m.slug,
			name: `Parcours réussi : ${m.title}`,
			description: `Parcours d’apprentissage Tremplin (environ ${m.minutes} min). ${m.summary}`.slice(0, 400),
			criteria: `Répondre à toutes les questions du parcours « ${m.title} » (${m.questionCount} question${m.questionCount > 1 ? 's' : ''}) sur Tremplin.`,
			achievedAt: m.progress.badgeEarnedAt!
		}));
}
