import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { authorize, type Actor, type Resource } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { validate } from '../../platform/http/forms';
import { siteAlreadyArchived, siteNotFound, structureNotFound } from './structures.errors';
import { sites, structures } from './structures.schema';
import { siteInput, structureDetailsInput, type SiteInput, type StructureDetailsInput } from './structures.validation';

type UseCaseDeps = { db: Database; now: () => Date };

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Loads where a structure lives and checks the actor may write there. Unknown and forbidden look alike to outsiders. */
async function authorizeOnStructure(db: Database, actor: Actor | null, resource: Resource, structureId: string) {
	const [row] = isUuid(structureId)
		? await db
				.select({ id: structures.id, networkId: structures.networkId })
				.from(structures)
				.where(eq(structures.id, structureId))
				.limit(1)
		: [];
	if (!row) {
		authorize(actor, 'write', resource, { structureId: null, networkId: null });
		throw structureNotFound();
	}
	authorize(actor, 'write', resource, { structureId: row.id, networkId: row.networkId });
	return { actor, structure: row };
}

async function authorizeOnSite(db: Database, actor: Actor | null, siteId: string) {
	const [row] = isUuid(siteId)
		? await db
				.select({ id: sites.id, structureId: sites.structureId, networkId: structures.networkId, archivedAt: sites.archivedAt })
				.from(sites)
				.innerJoin(structures, eq(structures.id, sites.structureId))
				.where(eq(sites.id, siteId))
				.limit(1)
		: [];
	if (!row) {
		authorize(actor, 'write', 'site', { structureId: null, networkId: null });
		throw siteNotFound();
	}
	authorize(actor, 'write', 'site', { structureId: row.structureId, networkId: row.networkId });
	return { actor, site: row };
}

/** Name and contact details of a Mission Locale (public directory information). */
export async function updateStructure(
	deps: UseCaseDeps,
	actor: Actor | null,
	structureId: string,
	raw: StructureDetailsInput | Record<string, unknown>
): Promise<void> {
	const checked = await authorizeOnStructure(deps.db, actor, 'structure', structureId);
	const input = validate(structureDetailsInput, raw);
	await deps.db.transaction(async (tx) => {
		await tx.update(structures).set(input).where(eq(structures.id, structureId));
		await recordAudit(tx, {
			actorId: checked.actor.userId,
			action: 'structure.updated',
			targetType: 'structure',
			targetId: structureId,
			structureId,
			details: { fields: Object.keys(input) }
		});
	});
}

export async function createSite(
	deps: UseCaseDeps,
	actor: Actor | null,
	structureId: string,
	raw: SiteInput | Record<string, unknown>
): Promise<{ id: string }> {
	const checked = await authorizeOnStructure(deps.db, actor, 'site', structureId);
	const input = validate(siteInput, raw);
	return deps.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(sites)
			.values({ ...input, structureId })
			.returning({ id: sites.id });
		await recordAudit(tx, {
			actorId: checked.actor.userId,
			action: 'site.created',
			targetType: 'site',
			targetId: row!.id,
			structureId,
			details: { name: input.name }
		});
		return { id: row!.id };
	});
}

export async function updateSite(deps: UseCaseDeps, actor: Actor | null, siteId: string, raw: SiteInput | Record<string, unknown>): Promise<void> {
	const checked = await authorizeOnSite(deps.db, actor, siteId);
	const input = validate(siteInput, raw);
	await deps.db.transaction(async (tx) => {
		await tx.update(sites).set(input).where(eq(sites.id, siteId));
		await recordAudit(tx, {
			actorId: checked.actor.userId,
			action: 'site.updated',
			targetType: 'site',
			targetId: siteId,
			structureId: checked.site.structureId,
			details: { name: input.name }
		});
	});
}

/** Closes a site: it leaves the public directory; people attached to it stay in the structure. */
export async function archiveSite(deps: UseCaseDeps, actor: Actor | null, siteId: string): Promise<void> {
	const checked = await authorizeOnSite(deps.db, actor, siteId);
	if (checked.site.archivedAt) throw siteAlreadyArchived();
	await deps.db.transaction(async (tx) => {
		await tx
			.update(sites)
			.set({ archivedAt: deps.now() })
			.where(and(eq(sites.id, siteId), isNull(sites.archivedAt)));
		await recordAudit(tx, {
			actorId: checked.actor.userId,
			action: 'site.archived',
			targetType: 'site',
			targetId: siteId,
			structureId: checked.site.structureId
		});
	});
}
