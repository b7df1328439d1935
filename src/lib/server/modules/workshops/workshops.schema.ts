import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { users } from '../accounts/accounts.schema';
import { sites, structures } from '../structures/structures.schema';
import type { Question } from '../../../learning/content';

/** Where a workshop happens. `mixed`: on site, and remote participants join the same session. */
export const WORKSHOP_MODES = ['on_site', 'remote', 'mixed'] as const;
export type WorkshopMode = (typeof WORKSHOP_MODES)[number];

/**
 * Where a live session stands (see README, "Lifecycle"):
 * `scheduled` (planned, no join code) → `lobby` (join code open, players arrive) →
 * `question` (a question is open, answers accepted until its deadline) → `reveal` (distribution,
 * correct answer, explanation) → `leaderboard` (ranks) → `question` (next) … → `ended`.
 */
export const WORKSHOP_PHASES = ['scheduled', 'lobby', 'question', 'reveal', 'leaderboard', 'ended'] as const;
export type WorkshopPhase = (typeof WORKSHOP_PHASES)[number];

/** One question of a workshop: a copy of a learning module's question (or written for the workshop). */
export interface WorkshopQuestion {
	/** The question as played (its id: the one of its module, or a random one for an ad-hoc question). */
	question: Question;
	/** Where it comes from: a published learning module (slug and title), or null (written for this workshop). */
	source: { slug: string; title: string } | null;
}

/**
 * A group workshop run by a counselor: planned (date, place, capacity, invited youth), then played
 * live from the counselor's screen. The live state (phase, current question, timer) lives in this
 * row and changes only under `SELECT … FOR UPDATE`, so several app processes drive one session
 * consistently; `state_version` increases at every change (controls carry the version they saw, so
 * a double click or a second screen never skips a question).
 */
export const workshops = pgTable(
	'workshops',
	{
		id: id(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		startsAt: at('starts_at').notNull(),
		durationMinutes: integer('duration_minutes').notNull().default(60),
		mode: text('mode').$type<WorkshopMode>().notNull().default('on_site'),
		siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
		/** Link for remote participants (visio), shown to invited youth. */
		remoteInfo: text('remote_info'),
		capacity: integer('capacity').notNull().default(30),
		/** Seconds per question; null: no timer (the counselor reveals when ready). */
		timerSeconds: integer('timer_seconds'),
		questions: jsonb('questions').$type<WorkshopQuestion[]>().notNull().default(sql`'[]'::jsonb`),
		// ——— live state ———
		phase: text('phase').$type<WorkshopPhase>().notNull().default('scheduled'),
		/** Index in `questions` of the question shown (−1 in the lobby). */
		currentIndex: integer('current_index').notNull().default(-1),
		questionStartedAt: at('question_started_at'),
		/** When answers stop being accepted (server clock); null without timer or while paused. */
		deadlineAt: at('deadline_at'),
		/** While paused during a question: what was left of the timer (ms; null without timer). */
		pausedRemainingMs: integer('paused_remaining_ms'),
		pausedAt: at('paused_at'),
		leaderboardHidden: boolean('leaderboard_hidden').notNull().default(false),
		stateVersion: integer('state_version').notNull().default(0),
		/** Six digits, given when the lobby opens; unique among sessions not ended. */
		joinCode: text('join_code'),
		openedAt: at('opened_at'),
		endedAt: at('ended_at'),
		/** The learning module published from this workshop for solo replay (slug), if any. */
		replaySlug: text('replay_slug'),
		createdAt: createdAt(),
		updatedAt: at('updated_at').notNull().defaultNow()
	},
	(t) => [
		check('workshop_mode_is_known', sql`${t.mode} in ('on_site', 'remote', 'mixed')`),
		check(
			'workshop_phase_is_known',
			sql`${t.phase} in ('scheduled', 'lobby', 'question', 'reveal', 'leaderboard', 'ended')`
		),
		check('workshop_capacity_in_range', sql`${t.capacity} between 1 and 500`),
		check('workshop_timer_in_range', sql`${t.timerSeconds} is null or ${t.timerSeconds} between 5 and 600`),
		check('workshop_duration_in_range', sql`${t.durationMinutes} between 5 and 600`),
		check('workshop_join_code_is_six_digits', sql`${t.joinCode} is null or ${t.joinCode} ~ '^[0-9]{6}$'`),
		uniqueIndex('workshop_join_code_unique_while_open')
			.on(t.joinCode)
			.where(sql`${t.joinCode} is not null and ${t.phase} <> 'ended'`),
		index('workshops_by_structure').on(t.structureId, t.startsAt)
	]
);

export type WorkshopRow = typeof workshops.$inferSelect;

/** Youth of the structure invited to a workshop: they see it in their agenda. */
export const workshopInvitations = pgTable(
	'workshop_invitations',
	{
		workshopId: uuid('workshop_id')
			.notNull()
			.references(() => workshops.id, { onDelete: 'cascade' }),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ name: 'workshop_invitation_once_per_youth', columns: [t.workshopId, t.youthId] }),
		index('workshop_invitations_by_youth').on(t.youthId)
	]
);

/**
 * Someone playing a live session: a signed-in youth (then `youth_id`, one player per youth and
 * workshop, attendance and answers go to their file) or a guest with a nickname, recognised by a
 * secret kept in a cookie (only its SHA-256 is stored).
 */
export const workshopPlayers = pgTable(
	'workshop_players',
	{
		id: id(),
		workshopId: uuid('workshop_id')
			.notNull()
			.references(() => workshops.id, { onDelete: 'cascade' }),
		youthId: uuid('youth_id').references(() => users.id, { onDelete: 'set null' }),
		nickname: text('nickname').notNull(),
		/** SHA-256 (hex) of the player's secret (cookie); signed-in youth have one too. */
		secretHash: text('secret_hash').notNull(),
		joinedAt: createdAt(),
		/** Removed by the counselor: refused from then on. */
		removedAt: at('removed_at')
	},
	(t) => [
		uniqueIndex('workshop_player_once_per_youth').on(t.workshopId, t.youthId).where(sql`${t.youthId} is not null`),
		uniqueIndex('workshop_player_nickname_unique').on(t.workshopId, sql`lower(${t.nickname})`),
		uniqueIndex('workshop_player_secret_unique').on(t.secretHash),
		check('workshop_player_nickname_length', sql`char_length(${t.nickname}) between 1 and 40`)
	]
);

export type WorkshopPlayerRow = typeof workshopPlayers.$inferSelect;

/**
 * One answer per player per question, enforced by the primary key. Judged and scored on the server
 * when received: `elapsed_ms` is measured from the question's start on the server's clock.
 */
export const workshopAnswers = pgTable(
	'workshop_answers',
	{
		workshopId: uuid('workshop_id')
			.notNull()
			.references(() => workshops.id, { onDelete: 'cascade' }),
		playerId: uuid('player_id')
			.notNull()
			.references(() => workshopPlayers.id, { onDelete: 'cascade' }),
		questionIndex: integer('question_index').notNull(),
		response: jsonb('response').notNull(),
		correct: boolean('correct').notNull(),
		/** Situations: best / acceptable / avoid. */
		verdict: text('verdict'),
		points: integer('points').notNull(),
		elapsedMs: integer('elapsed_ms').notNull(),
		answeredAt: createdAt()
	},
	(t) => [
		primaryKey({ name: 'workshop_answer_once_per_question', columns: [t.playerId, t.questionIndex] }),
		index('workshop_answers_by_question').on(t.workshopId, t.questionIndex),
		check('workshop_answer_points_in_range', sql`${t.points} between 0 and 1000`)
	]
);

export type WorkshopAnswerRow = typeof workshopAnswers.$inferSelect;
