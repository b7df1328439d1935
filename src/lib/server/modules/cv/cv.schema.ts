import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, bytea, createdAt } from '../../db/columns';
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

/**
 * The photo of a CV (optional): the youth's upload re-encoded by sharp (JPEG, at most 600 px, no
 * metadata) before it is stored, so that nothing of the original file (GPS, camera) survives.
 * Kept apart from `cvs` so that listing CVs never reads image bytes.
 */
export const cvPhotos = pgTable('cv_photos', {
	cvId: uuid('cv_id')
		.primaryKey()
		.references(() => cvs.id, { onDelete: 'cascade' }),
	bytes: bytea('bytes').notNull(),
	width: integer('width').notNull(),
	height: integer('height').notNull(),
	createdAt: createdAt()
});

/**
 * A link that shows a CV without signing in: the token is random (256 bits, base64url), unique,
 * and only works until `expires_at` unless revoked earlier. `view_count` counts the openings of
 * the page (the youth sees it).
 */
export const cvShareLinks = pgTable(
	'cv_share_links',
	{
		id: uuid('id').primaryKey(),
		cvId: uuid('cv_id')
			.notNull()
			.references(() => cvs.id, { onDelete: 'cascade' }),
		token: text('token').notNull(),
		createdAt: createdAt(),
		expiresAt: at('expires_at').notNull(),
		revokedAt: at('revoked_at'),
		viewCount: integer('view_count').notNull().default(0),
		lastViewedAt: at('last_viewed_at')
	},
	(t) => [
		uniqueIndex('cv_share_link_token_is_unique').on(t.token),
		index('cv_share_links_by_cv').on(t.cvId),
		check('cv_share_link_expires_after_creation', sql`${t.expiresAt} > ${t.createdAt}`),
		check('cv_share_link_view_count_is_not_negative', sql`${t.viewCount} >= 0`)
	]
);

/**
 * The youth shared this CV with the staff who follow them (their counselor), who may then read it
 * and comment on it. Withdrawn by deleting the row (comments stay with the CV).
 */
export const cvStaffShares = pgTable('cv_staff_shares', {
	cvId: uuid('cv_id')
		.primaryKey()
		.references(() => cvs.id, { onDelete: 'cascade' }),
	sharedAt: createdAt()
});

export const CV_COMMENT_SECTIONS = [
	'general',
	'contact',
	'title',
	'summary',
	'experiences',
	'trainings',
	'skills',
	'softSkills',
	'languages',
	'mobility',
	'interests'
] as const;

/**
 * A counselor's comment on a section of a shared CV (id from the client: a retry adds nothing).
 * The youth sees it and marks it resolved; the author's name is kept even if they leave.
 */
export const cvComments = pgTable(
	'cv_comments',
	{
		id: uuid('id').primaryKey(),
		cvId: uuid('cv_id')
			.notNull()
			.references(() => cvs.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		authorName: text('author_name').notNull(),
		section: text('section', { enum: CV_COMMENT_SECTIONS }).notNull(),
		body: text('body').notNull(),
		createdAt: createdAt(),
		resolvedAt: at('resolved_at')
	},
	(t) => [
		index('cv_comments_by_cv').on(t.cvId, t.createdAt),
		check('cv_comment_body_length', sql`char_length(${t.body}) between 1 and 1000`)
	]
);
