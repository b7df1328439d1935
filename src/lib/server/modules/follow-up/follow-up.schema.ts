import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import { structures } from '../structures/structures.schema';

/** What a journal entry records. `transfer` is written by Tremplin when a youth changes Mission Locale. */
export const JOURNAL_KINDS = ['note', 'phone', 'in_person', 'video', 'email', 'other', 'transfer'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];
/** The kinds a person may choose (not `transfer`). */
export const WRITABLE_JOURNAL_KINDS = ['note', 'phone', 'in_person', 'video', 'email', 'other'] as const;
export type WritableJournalKind = (typeof WRITABLE_JOURNAL_KINDS)[number];

/**
 * The journal of a youth's accompaniment: dated entries written by the staff of their Mission
 * Locale, never shown to the youth. It follows the youth when they change Mission Locale
 * (`structure_id` is where it was written, for the record; access goes by the youth's current one).
 */
export const journalEntries = pgTable(
	'journal_entries',
	{
		id: id(),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		writtenInStructureId: uuid('written_in_structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'restrict' }),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: JOURNAL_KINDS }).notNull(),
		/** The day of the contact or of the note (French calendar day; never in the future). */
		occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
		body: text('body').notNull(),
		createdAt: createdAt(),
		updatedAt: at('updated_at')
	},
	(t) => [
		index('journal_entries_by_youth').on(t.youthId, t.occurredOn, t.createdAt),
		check('journal_body_length', sql`char_length(${t.body}) between 1 and 5000`)
	]
);

export const STEP_MODES = ['on_site', 'remote'] as const;
export type StepMode = (typeof STEP_MODES)[number];
export const STEP_STATUSES = ['todo', 'done', 'dropped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/**
 * The youth's pathway plan ("Parcours"): ordered next steps, each on site or remote, set by the
 * staff and shown read-only to the youth ("Mes prochaines étapes").
 */
export const pathwaySteps = pgTable(
	'pathway_steps',
	{
		id: id(),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		detail: text('detail'),
		mode: text('mode', { enum: STEP_MODES }).notNull(),
		targetDate: date('target_date', { mode: 'string' }),
		status: text('status', { enum: STEP_STATUSES }).notNull().default('todo'),
		createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: at('updated_at')
	},
	(t) => [
		index('pathway_steps_by_youth').on(t.youthId, t.position),
		check('pathway_step_title_length', sql`char_length(${t.title}) between 1 and 120`),
		check('pathway_step_detail_length', sql`${t.detail} is null or char_length(${t.detail}) <= 1000`)
	]
);
