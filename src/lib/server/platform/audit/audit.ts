import type { Database } from '../../db/client';
import { auditEvents } from './audit.schema';

export interface AuditEntry {
	actorId: string | null;
	action: string;
	targetType?: string;
	targetId?: string;
	structureId?: string | null;
	details?: Record<string, unknown>;
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
	await db.insert(auditEvents).values({
		actorId: entry.actorId,
		action: entry.action,
		targetType: entry.targetType ?? null,
		targetId: entry.targetId ?? null,
		structureId: entry.structureId ?? null,
		details: entry.details ?? {}
	});
}
