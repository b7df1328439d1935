import type { Database } from '$lib/server/db/client';

/**
 * What a youth has achieved elsewhere in Tremplin and may turn into a badge. Each module that owns
 * achievements registers one source (in its `index.ts`); the badges module lists a youth's
 * achievements from every source and asks them again at issuance (the client is never trusted).
 * Sources are unchecked reads: the badges module calls them only after its own access check.
 */
export type AchievementKind = 'learning_module' | 'diagnostic_area' | 'soft_skill';

export interface Achievement {
	kind: AchievementKind;
	/** Stable id within the kind: module slug, area code, skill id. */
	ref: string;
	/** French, e.g. « Sécurité numérique : niveau avancé ». */
	name: string;
	/** French, one or two sentences. */
	description: string;
	/** French: how it was earned. */
	criteria: string;
	achievedAt: Date;
}

export type AchievementSource = (deps: { db: Database; now: () => Date }, youthId: string) => Promise<Achievement[]>;

const sources = new Map<AchievementKind, AchievementSource>();

export const ACHIEVEMENT_KINDS: readonly AchievementKind[] = ['learning_module', 'diagnostic_area', 'soft_skill'];

/** Registers (or replaces) the source of one kind of achievement. */
export function registerAchievementSource(kind: AchievementKind, source: AchievementSource): void {
	sources.set(kind, source);
}

/**
 * Every achievement of a youth, from all registered sources, oldest kind first then by date. A
 * source that fails (a bug, a table being migrated) does not hide the others: its kind is listed in
 * `unavailable` and the error goes to `onSourceError` (the caller logs it).
 */
export async function collectAchievements(
	deps: { db: Database; now: () => Date },
	youthId: string,
	onSourceError: (kind: AchievementKind, error: unknown) => void = () => {}
): Promise<{ achievements: Achievement[]; unavailable: AchievementKind[] }> {
	const achievements: Achievement[] = [];
	const unavailable: AchievementKind[] = [];
	for (const kind of ACHIEVEMENT_KINDS) {
		const source = sources.get(kind);
		if (!source) continue;
		try {
			for (const a of await source(deps, youthId)) if (a.kind === kind) achievements.push(a);
		} catch (error) {
			unavailable.push(kind);
			onSourceError(kind, error);
		}
	}
	return { achievements, unavailable };
}

/** Every achievement of a youth; a failing source throws (issuance must not guess). */
export async function achievementsOf(deps: { db: Database; now: () => Date }, youthId: string): Promise<Achievement[]> {
	const all: Achievement[] = [];
	for (const kind of ACHIEVEMENT_KINDS) {
		const source = sources.get(kind);
		if (!source) continue;
		for (const a of await source(deps, youthId)) if (a.kind === kind) all.push(a);
	}
	return all;
}

/** One achievement, asked again from its source (null: not (or no longer) achieved). */
export async function findAchievement(
	deps: { db: Database; now: () => Date },
	youthId: string,
	kind: AchievementKind,
	ref: string
): Promise<Achievement | null> {
	const source = sources.get(kind);
	if (!source) return null;
	return (await source(deps, youthId)).find((a) => a.kind === kind && a.ref === ref) ?? null;
}
