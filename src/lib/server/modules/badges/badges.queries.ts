import { and, desc, eq } from 'drizzle-orm';
import type { Actor } from '$lib/server/platform/access';
import { displayNames } from '../accounts';
import { findStructurePlace } from '../structures';
import { badgeCredentials } from './badges.schema';
import { controllerDocument, findPublicKey } from './badges.signing';
import { collectAchievements, type Achievement, type AchievementKind } from './badges.sources';
import { isBadgeId, staffYouth, youthSelf, type BadgeDeps, type BadgeRow } from './badges.usecases';

export interface BadgeSummary {
	id: string;
	kind: AchievementKind;
	ref: string;
	name: string;
	issuedAt: Date;
	revokedAt: Date | null;
	revocationReason: string | null;
}

const summary = (r: BadgeRow): BadgeSummary => ({
	id: r.id,
	kind: r.kind,
	ref: r.ref,
	name: r.name,
	issuedAt: r.issuedAt,
	revokedAt: r.revokedAt,
	revocationReason: r.revocationReason
});

/**
 * The youth's page: what they may turn into a badge, and the badges they have. A failing source of
 * achievements leaves the rest of the page working (`unavailable` says which kinds are missing).
 */
export async function getMyBadges(
	deps: BadgeDeps & { onSourceError?: (kind: AchievementKind, error: unknown) => void },
	actor: Actor | null
): Promise<{ available: Achievement[]; unavailable: AchievementKind[]; badges: BadgeSummary[]; structureName: string }> {
	const place = await youthSelf(deps.db, actor);
	const [{ achievements, unavailable }, rows, structure] = await Promise.all([
		collectAchievements(deps, place.id, deps.onSourceError),
		deps.db.select().from(badgeCredentials).where(eq(badgeCredentials.youthId, place.id)).orderBy(desc(badgeCredentials.issuedAt)),
		findStructurePlace(deps.db, place.structureId)
	]);
	const issued = new Set(rows.map((r) => `${r.kind}/${r.ref}`));
	return {
		available: achievements.filter((a) => !issued.has(`${a.kind}/${a.ref}`)),
		unavailable,
		badges: rows.map(summary),
		structureName: structure?.name ?? 'ta Mission Locale'
	};
}

/** One of the youth's own badges, with its signed credential (downloads). */
export async function getOwnBadge(deps: BadgeDeps, actor: Actor | null, badgeId: string): Promise<BadgeRow | null> {
	const place = await youthSelf(deps.db, actor);
	if (!isBadgeId(badgeId)) return null;
	const [row] = await deps.db
		.select()
		.from(badgeCredentials)
		.where(and(eq(badgeCredentials.id, badgeId.toLowerCase()), eq(badgeCredentials.youthId, place.id)))
		.limit(1);
	return row ?? null;
}

/** The badges of a youth, for the staff of their Mission Locale (others: not found). */
export async function listYouthBadges(
	deps: BadgeDeps,
	actor: Actor | null,
	youthId: string
): Promise<{ youthName: string; badges: BadgeSummary[] }> {
	const place = await staffYouth(deps.db, actor, youthId);
	const rows = await deps.db
		.select()
		.from(badgeCredentials)
		.where(eq(badgeCredentials.youthId, place.id))
		.orderBy(desc(badgeCredentials.issuedAt));
	const names = await displayNames(deps.db, [place.id]);
	return { youthName: names.get(place.id) ?? '', badges: rows.map(summary) };
}

export interface PublicBadge extends BadgeSummary {
	issuerName: string;
	subjectName: string;
	description: string;
	criteria: string;
	credential: Record<string, unknown>;
}

/**
 * A badge by its id, for its public page and image (anyone holding the link: the id is random and
 * the page is never indexed). What it shows is what the signed credential already says.
 */
export async function getPublicBadge(deps: Pick<BadgeDeps, 'db'>, badgeId: string): Promise<PublicBadge | null> {
	if (!isBadgeId(badgeId)) return null;
	const [row] = await deps.db.select().from(badgeCredentials).where(eq(badgeCredentials.id, badgeId.toLowerCase())).limit(1);
	if (!row) return null;
	const c = row.credential as {
		issuer?: { name?: string };
		credentialSubject?: { name?: string; achievement?: { description?: string; criteria?: { narrative?: string } } };
	};
	return {
		...summary(row),
		issuerName: c.issuer?.name ?? '',
		subjectName: c.credentialSubject?.name ?? '',
		description: c.credentialSubject?.achievement?.description ?? '',
		criteria: c.credentialSubject?.achievement?.criteria?.narrative ?? '',
		credential: row.credential
	};
}

/** The controller document of a structure's key (null: it never issued a badge). */
export async function getKeyDocument(deps: Pick<BadgeDeps, 'db'>, origin: string, structureId: string) {
	const key = await findPublicKey(deps.db, structureId);
	return key ? controllerDocument(origin, structureId.toLowerCase(), key) : null;
}
