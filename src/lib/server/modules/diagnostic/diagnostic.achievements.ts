import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { Achievement } from '../badges';
import { AREAS } from './diagnostic.content';
import { diagnosticAttempts } from './diagnostic.schema';
import { completedAttemptsOf } from './diagnostic.usecases';

/**
 * Badges source (unchecked read: the badges module checks access first). One achievement per area
 * reached « above basic » in a completed diagnostic, dated by the first time it was reached.
 */
export async function diagnosticAchievements(deps: { db: Database; now: () => Date }, youthId: string): Promise<Achievement[]> {
	const done = await completedAttemptsOf(deps.db, eq(diagnosticAttempts.userId, youthId));
	const first = new Map<string, Date>();
	for (const attempt of done) {
		for (const r of attempt.results ?? []) {
			if (r.level === 'above_basic' && attempt.completedAt && !first.has(r.area)) first.set(r.area, attempt.completedAt);
		}
	}
	return AREAS.flatMap((area) => {
		const achievedAt = first.get(area.code);
		if (!achievedAt) return [];
		return [
			{
				kind: 'diagnostic_area' as const,
				ref: area.code,
				name: `${area.title} : plus que les bases`,
				description: `Compétences numériques du domaine « ${area.title} » (${area.digcomp}) au-delà du niveau de base : ${area.plain.toLowerCase()}.`,
				criteria:
					'Diagnostic des compétences numériques de Tremplin : un score d’au moins 70 sur 100 dans ce domaine, exercices pratiques simulés compris, notés automatiquement.',
				achievedAt
			}
		];
	});
}
