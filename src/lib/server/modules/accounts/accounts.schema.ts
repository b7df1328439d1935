import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';
import { companies, networks, sites, structures } from '../structures/structures.schema';

export const ROLES = [
	'youth',
	'counselor',
	'structure_manager',
	'network_referent',
	'mentor',
	'company_contact',
	'platform_admin'
] as const;
export type Role = (typeof ROLES)[number];

/**
 * A person who can sign in. One role per account; the scope columns say where the role applies:
 * youth, counselor and structure manager → a structure; network referent → a network;
 * mentor and company contact → a company; platform admin → everywhere.
 */
export const users = pgTable(
	'users',
	{
		id: id(),
		role: text('role', { enum: ROLES }).notNull(),
		email: text('email'),
		emailVerifiedAt: at('email_verified_at'),
		phone: text('phone'),
		firstName: text('first_name').notNull(),
		lastName: text('last_name').notNull().default(''),
		structureId: uuid('structure_id').references(() => structures.id, { onDelete: 'restrict' }),
		siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
		networkId: uuid('network_id').references(() => networks.id, { onDelete: 'restrict' }),
		companyId: uuid('company_id').references(() => companies.id, { onDelete: 'restrict' }),
		createdAt: createdAt(),
		lastSignInAt: at('last_sign_in_at'),
		disabledAt: at('disabled_at')
	},
	(t) => [
		uniqueIndex('users_email_is_unique').on(t.email),
		uniqueIndex('users_phone_is_unique').on(t.phone),
		index('users_by_structure').on(t.structureId, t.role),
		index('users_by_network').on(t.networkId),
		check(
			'role_has_its_scope',
			sql`(
				(${t.role} in ('youth', 'counselor', 'structure_manager') and ${t.structureId} is not null and ${t.networkId} is null and ${t.companyId} is null)
				or (${t.role} = 'network_referent' and ${t.networkId} is not null and ${t.structureId} is null and ${t.companyId} is null)
				or (${t.role} in ('mentor', 'company_contact') and ${t.companyId} is not null and ${t.structureId} is null and ${t.networkId} is null)
				or (${t.role} = 'platform_admin' and ${t.structureId} is null and ${t.networkId} is null and ${t.companyId} is null)
			)`
		),
		check('email_is_lowercase', sql`${t.email} = lower(${t.email})`)
	]
);

/** How a youth and their Mission Locale were last in touch (activity alone is `last_activity_at`). */
export const CONTACT_CHANNELS = ['message', 'appointment', 'workshop', 'phone', 'in_person', 'video'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Where a youth stands (set by staff, with the date it started). */
export const SITUATIONS = ['job_seeking', 'training', 'employed', 'work_study', 'school', 'inactive', 'other'] as const;
export type Situation = (typeof SITUATIONS)[number];

/** What a Mission Locale knows about a youth it accompanies (one row per youth account). */
export const youthProfiles = pgTable(
	'youth_profiles',
	{
		userId: uuid('user_id')
			.primaryKey()
			.references(() => users.id, { onDelete: 'cascade' }),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'restrict' }),
		referentId: uuid('referent_id').references(() => users.id, { onDelete: 'set null' }),
		birthDate: date('birth_date', { mode: 'string' }),
		communeCode: text('commune_code'),
		followedSince: at('followed_since').notNull().defaultNow(),
		lastActivityAt: at('last_activity_at'),
		/** Last exchange between the youth and their Mission Locale, and through which channel. */
		lastContactAt: at('last_contact_at'),
		lastContactChannel: text('last_contact_channel', { enum: CONTACT_CHANNELS }),
		situation: text('situation', { enum: SITUATIONS }),
		situationSince: date('situation_since', { mode: 'string' })
	},
	(t) => [
		index('youth_profiles_by_structure').on(t.structureId),
		// The caseload sorts and filters a structure's youth by their latest news (contact or activity).
		index('youth_profiles_by_latest_news').on(
			t.structureId,
			sql`coalesce(greatest(${t.lastContactAt}, ${t.lastActivityAt}), ${t.followedSince})`
		),
		index('youth_profiles_by_referent').on(t.referentId)
	]
);

/** History of referent counselors of a youth: the open row (ended_at null) is the current one. */
export const referentAssignments = pgTable(
	'referent_assignments',
	{
		id: id(),
		youthId: uuid('youth_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		counselorId: uuid('counselor_id')
			.notNull()
			.references(() => users.id, { onDelete: 'restrict' }),
		assignedById: uuid('assigned_by_id').references(() => users.id, { onDelete: 'set null' }),
		reason: text('reason'),
		startedAt: at('started_at').notNull().defaultNow(),
		endedAt: at('ended_at')
	},
	(t) => [
		index('referent_assignments_by_youth').on(t.youthId, t.startedAt),
		uniqueIndex('one_current_referent_per_youth')
			.on(t.youthId)
			.where(sql`${t.endedAt} is null`)
	]
);
