import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../../db/columns';

/** Who did what, for the structure's journal and for security reviews. Never holds secrets. */
export const auditEvents = pgTable(
	'audit_events',
	{
		id: id(),
		actorId: uuid('actor_id'),
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		structureId: uuid('structure_id'),
		details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
		createdAt: createdAt()
	},
	(t) => [index('audit_by_structure').on(t.structureId, t.createdAt), index('audit_by_actor').on(t.actorId, t.createdAt)]
);
