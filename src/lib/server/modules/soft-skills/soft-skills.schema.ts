import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';

/** One family of the referential (« Relation aux autres »…). `id` is stable across versions. */
export interface SoftSkillFamily {
	id: string;
	name: string;
}

/** One skill of the referential. `id` is stable across versions; a retired skill stays in later versions, marked. */
export interface SoftSkill {
	id: string;
	familyId: string;
	name: string;
	definition: string;
	behaviours: string[];
	/** Words of a youth's story that suggest it (lower case, accents kept). */
	keywords: string[];
	retired: boolean;
}

export interface SoftSkillReferentialContent {
	families: SoftSkillFamily[];
	skills: SoftSkill[];
}

export const REFERENTIAL_STATUSES = ['draft', 'published', 'archived'] as const;
export type ReferentialStatus = (typeof REFERENTIAL_STATUSES)[number];

/**
 * The soft-skills referential, one row per version. Version 1 is seeded from
 * `soft-skills.data.ts`; a platform admin edits the one `draft` and publishes it: the published
 * version before it becomes `archived`. Youth's skills point to skill ids, never to a version.
 */
export const softSkillReferentials = pgTable(
	'soft_skill_referentials',
	{
		number: integer('number').primaryKey(),
		status: text('status', { enum: REFERENTIAL_STATUSES }).notNull(),
		content: jsonb('content').$type<SoftSkillReferentialContent>().notNull(),
		createdAt: createdAt(),
		publishedAt: at('published_at'),
		publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		check('soft_skill_referential_status_is_known', sql`${t.status} in ('draft', 'published', 'archived')`),
		// At most one draft and one published version at a time.
		uniqueIndex('soft_skill_referential_one_draft').on(t.status).where(sql`${t.status} in ('draft', 'published')`)
	]
);

export const EXPERIENCE_KINDS = ['job', 'internship', 'family', 'sport', 'volunteering', 'school', 'hobby', 'other'] as const;
export type ExperienceKind = (typeof EXPERIENCE_KINDS)[number];

/** Something a youth did, told in a few words, from which they pick skills. */
export const softSkillExperiences = pgTable(
	'soft_skill_experiences',
	{
		id: id(),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: EXPERIENCE_KINDS }).notNull(),
		description: text('description').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('soft_skill_experiences_by_youth').on(t.youthId, t.createdAt),
		check('soft_skill_experience_description_length', sql`char_length(${t.description}) between 3 and 600`)
	]
);

export const YOUTH_SKILL_SOURCES = ['situations', 'experience'] as const;
export type YouthSkillSource = (typeof YOUTH_SKILL_SOURCES)[number];

/** A skill the youth picked for themself (once per skill). */
export const youthSoftSkills = pgTable(
	'youth_soft_skills',
	{
		id: id(),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		skillId: text('skill_id').notNull(),
		source: text('source', { enum: YOUTH_SKILL_SOURCES }).notNull(),
		experienceId: uuid('experience_id').references(() => softSkillExperiences.id, { onDelete: 'set null' }),
		/** The youth's own sentence: what they did that shows it. */
		proof: text('proof'),
		createdAt: createdAt(),
		updatedAt: at('updated_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('youth_soft_skill_once').on(t.youthId, t.skillId),
		check('youth_soft_skill_proof_length', sql`${t.proof} is null or char_length(${t.proof}) between 1 and 400`)
	]
);

export const CONFIRMATION_STATUSES = ['pending', 'confirmed', 'declined'] as const;
export type ConfirmationStatus = (typeof CONFIRMATION_STATUSES)[number];

/**
 * A request to confirm one of the youth's skills: a single-use link (random token, 30 days,
 * revocable) answered without an account, or a direct confirmation by a staff member (no token).
 */
export const softSkillConfirmations = pgTable(
	'soft_skill_confirmations',
	{
		id: id(),
		youthSkillId: uuid('youth_skill_id')
			.notNull()
			.references(() => youthSoftSkills.id, { onDelete: 'cascade' }),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		token: text('token'),
		/** Who the youth meant it for, in their words (« Mon coach de foot »). */
		invitee: text('invitee'),
		status: text('status', { enum: CONFIRMATION_STATUSES }).notNull().default('pending'),
		createdAt: createdAt(),
		expiresAt: at('expires_at'),
		revokedAt: at('revoked_at'),
		answeredAt: at('answered_at'),
		confirmerName: text('confirmer_name'),
		confirmerRole: text('confirmer_role'),
		statement: text('statement'),
		/** A staff member who confirmed from their Tremplin account. */
		confirmerUserId: uuid('confirmer_user_id').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		uniqueIndex('soft_skill_confirmation_token_is_unique').on(t.token),
		index('soft_skill_confirmations_by_skill').on(t.youthSkillId),
		index('soft_skill_confirmations_by_youth').on(t.youthId),
		check('soft_skill_confirmation_status_is_known', sql`${t.status} in ('pending', 'confirmed', 'declined')`),
		check('soft_skill_confirmation_statement_length', sql`${t.statement} is null or char_length(${t.statement}) <= 500`)
	]
);
