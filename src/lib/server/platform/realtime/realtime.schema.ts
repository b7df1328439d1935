import { bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from '../../db/columns';

/**
 * Events pushed to connected clients (server-sent events). `id` increases in commit order (see
 * realtime.ts: publishers serialise on an advisory lock), so one number is enough for a client
 * to resume (`Last-Event-ID`). `stream` names who listens: `conversation:<uuid>`, `user:<uuid>`…
 * Kept 7 days (registered purge), long enough for any reconnection.
 */
export const realtimeEvents = pgTable(
	'realtime_events',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		stream: text('stream').notNull(),
		type: text('type').notNull(),
		payload: jsonb('payload').$type<unknown>().notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('realtime_events_by_stream').on(t.stream, t.id),
		index('realtime_events_by_creation').on(t.createdAt)
	]
);
