import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import type { CvDraft } from './cv.validation';

export const CV_TEMPLATE_VALUES = ['clair', 'accent', 'colonnes'] as const;

/**
 * A CV of a youth (several per youth, one per target job). The id may come from the device that
 * created it offline. `revision` counts the operations applied; `removed_ids` remembers the list
 * items removed so that an old change queued on another device cannot bring them back.
 */
export const cvs = pgTable(
	'cvs',
	{
		id: uuid('id').primaryKey(),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		template: text('template', { enum: CV_TEMPLATE_VALUES }).notNull().default('clair'),
		draft: jsonb('draft').$type<CvDraft>().notNull(),
		removedIds: jsonb('removed_ids').$type<string[]>().notNull().default([]),
		revision: integer('revision').notNull().default(0),
		createdAt: createdAt(),
		updatedAt: at('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('cvs_by_youth').on(t.youthId, t.updatedAt),
		check('cv_name_length', sql`char_length(${t.name}) between 1 and 60`),
		check('cv_revision_is_not_negative', sql`${t.revision} >= 0`)
	]
);

/**
 * The operations a device sent, by their device-generated id: a retry finds its first outcome
 * (applied or refused, with the message) instead of applying again. Kept 90 days.
 */
export const cvOperations = pgTable(
	'cv_operations',
	{
		id: uuid('id').primaryKey(),
		cvId: uuid('cv_id')
			.notNull()
			.references(() => cvs.id, { onDelete: 'cascade' }),
		outcome: text('outcome', { enum: ['applied', 'refused'] }).notNull(),
		field: text('field'),
		message: text('message'),
		revision: integer('revision').notNull(),
		appliedAt: createdAt()
	},
	(t) => [index('cv_operations_by_cv').on(t.cvId), index('cv_operations_by_date').on(t.appliedAt)]
);
