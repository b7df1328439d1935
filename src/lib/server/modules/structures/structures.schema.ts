import { relations, sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id } from '../../db/columns';

/** A network of structures: a departmental group ("Missions Locales du Rhône") or a regional association (ARML). */
export const networks = pgTable(
	'networks',
	{
		id: id(),
		slug: text('slug').notNull(),
		name: text('name').notNull(),
		kind: text('kind', { enum: ['departmental', 'regional'] }).notNull(),
		regionCode: text('region_code'),
		departmentCode: text('department_code'),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('networks_slug_is_unique').on(t.slug)]
);

/** A Mission Locale. */
export const structures = pgTable(
	'structures',
	{
		id: id(),
		networkId: uuid('network_id')
			.notNull()
			.references(() => networks.id, { onDelete: 'restrict' }),
		slug: text('slug').notNull(),
		name: text('name').notNull(),
		departmentCode: text('department_code'),
		email: text('email'),
		phone: text('phone'),
		website: text('website'),
		/** A youth with no contact for this many days is flagged "à recontacter" (follow-up). */
		recontactAfterDays: integer('recontact_after_days').notNull().default(30),
		/** Shown on a video appointment when WebRTC cannot connect: an external visio link… */
		videoFallbackUrl: text('video_fallback_url'),
		/** …and/or a phone number to call instead. */
		videoFallbackPhone: text('video_fallback_phone'),
		createdAt: createdAt(),
		archivedAt: at('archived_at')
	},
	(t) => [
		uniqueIndex('structures_slug_is_unique').on(t.slug),
		check('recontact_after_days_is_sensible', sql`${t.recontactAfterDays} between 1 and 365`),
		index('structures_by_network').on(t.networkId)
	]
);

export type OpeningHours = {
	/** 1 = Monday … 7 = Sunday (ISO). */
	day: number;
	/** "09:00" */
	opens: string;
	/** "12:30" */
	closes: string;
}[];

/** A site (point d'accueil) of a Mission Locale. */
export const sites = pgTable(
	'sites',
	{
		id: id(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		addressLine: text('address_line').notNull(),
		postalCode: text('postal_code').notNull(),
		communeCode: text('commune_code').notNull(),
		city: text('city').notNull(),
		phone: text('phone'),
		openingHours: jsonb('opening_hours').$type<OpeningHours>().notNull().default([]),
		createdAt: createdAt(),
		archivedAt: at('archived_at')
	},
	(t) => [index('sites_by_structure').on(t.structureId)]
);

/** Which Mission Locale covers which commune (INSEE code). A commune is covered by one structure at most. */
export const structureCommunes = pgTable(
	'structure_communes',
	{
		communeCode: text('commune_code').notNull(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ name: 'a_commune_is_covered_once', columns: [t.communeCode] }),
		index('structure_communes_by_structure').on(t.structureId)
	]
);

/**
 * An exceptional closure of a Mission Locale (summer break, a bridge day, a move): from `starts_on`
 * to `ends_on`, both included, French calendar dates. Closed like a public holiday for the night
 * reply and the youth home; `reason` is shown to youth. Who added or removed one: the audit log.
 */
export const structureClosures = pgTable(
	'structure_closures',
	{
		id: id(),
		structureId: uuid('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		startsOn: date('starts_on', { mode: 'string' }).notNull(),
		endsOn: date('ends_on', { mode: 'string' }).notNull(),
		reason: text('reason'),
		createdAt: createdAt()
	},
	(t) => [
		index('structure_closures_by_structure').on(t.structureId, t.endsOn),
		check('closure_ends_after_it_starts', sql`${t.endsOn} >= ${t.startsOn}`),
		check('closure_lasts_at_most_90_days', sql`${t.endsOn} - ${t.startsOn} < 90`),
		check('closure_reason_is_short', sql`char_length(${t.reason}) <= 120`)
	]
);

/** A partner company (mentors and company contacts belong to one). */
export const companies = pgTable(
	'companies',
	{
		id: id(),
		name: text('name').notNull(),
		networkId: uuid('network_id').references(() => networks.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [index('companies_by_network').on(t.networkId)]
);

export const networksRelations = relations(networks, ({ many }) => ({ structures: many(structures) }));
export const structuresRelations = relations(structures, ({ one, many }) => ({
	network: one(networks, { fields: [structures.networkId], references: [networks.id] }),
	sites: many(sites),
	communes: many(structureCommunes)
}));
export const sitesRelations = relations(sites, ({ one }) => ({
	structure: one(structures, { fields: [sites.structureId], references: [structures.id] })
}));
export const structureCommunesRelations = relations(structureCommunes, ({ one }) => ({
	structure: one(structures, { fields: [structureCommunes.structureId], references: [structures.id] })
}));
