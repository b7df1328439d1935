import { and, asc, count, desc, eq, gt, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '$lib/server/db/client';
import { can, requireRole, STAFF_ROLES, type Actor } from '$lib/server/platform/access';
import { displayNames, findYouthPlace } from '../accounts';
import {
	alreadyConfirmed,
	experienceNotFound,
	invalidAnswers,
	invalidConfirmation,
	invalidExperience,
	invalidProof,
	linkNotFound,
	linkUnavailable,
	nothingPicked,
	skillNotFound,
	tooManyLinks,
	youthNotFound
} from './soft-skills.errors';
import { activeSkills, publishedReferential, skillMap } from './soft-skills.referential';
import {
	EXPERIENCE_KINDS,
	softSkillConfirmations,
	softSkillExperiences,
	youthSoftSkills,
	type ExperienceKind,
	type YouthSkillSource
} from './soft-skills.schema';
import { SITUATIONS } from './soft-skills.situations';

/**
 * Identification (situations, experiences), confirmation by others (single-use links answered
 * without an account, or a staff member's direct confirmation) and the profile.
 *
 * - Youth use cases check the actor is a youth and touch only their own rows.
 * - Staff use cases check the actor may read the youth's file now (staff of their current Mission
 *   Locale); otherwise "not found", as for an unknown id.
 * - Public use cases take only a token: unknown, used, expired and revoked tokens give the same answer.
 */

type Deps = { db: Database; now: () => Date };

export const LINK_DAYS = 30;
export const MAX_PENDING_LINKS_PER_SKILL = 5;
const DAY_MS = 86_400_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const uuid = z.uuid();
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

const clean = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() : '');

export interface ConfirmationView {
	id: string;
	name: string;
	role: string;
	statement: string;
	confirmedAt: Date;
	/** A staff member of the Mission Locale, from their account. */
	byStaff: boolean;
}

export interface LinkView {
	id: string;
	token: string;
	invitee: string | null;
	createdAt: Date;
	expiresAt: Date;
	status: 'pending' | 'confirmed' | 'declined' | 'expired' | 'revoked';
}

export interface ProfileSkill {
	skillId: string;
	name: string;
	definition: string;
	behaviours: string[];
	familyId: string;
	familyName: string;
	retired: boolean;
	source: YouthSkillSource;
	proof: string | null;
	experience: { kind: ExperienceKind; description: string } | null;
	confirmations: ConfirmationView[];
	createdAt: Date;
}

export interface FamilyScore {
	id: string;
	name: string;
	/** Active skills of the family in the referential. */
	total: number;
	identified: number;
	confirmed: number;
}

export interface SoftSkillProfile {
	families: FamilyScore[];
	/** Confirmed first, then the most recent. */
	skills: ProfileSkill[];
}

// ---------------------------------------------------------------------------------------------
// Reading a profile (youth and staff)

async function profileOf(db: Database, youthId: string): Promise<SoftSkillProfile> {
	const { content } = await publishedReferential(db);
	const skills = skillMap(content);
	const families = new Map(content.families.map((f) => [f.id, f.name]));
	const rows = await db
		.select({
			id: youthSoftSkills.id,
			skillId: youthSoftSkills.skillId,
			source: youthSoftSkills.source,
			proof: youthSoftSkills.proof,
			createdAt: youthSoftSkills.createdAt,
			kind: softSkillExperiences.kind,
			description: softSkillExperiences.description
		})
		.from(youthSoftSkills)
		.leftJoin(softSkillExperiences, eq(softSkillExperiences.id, youthSoftSkills.experienceId))
		.where(eq(youthSoftSkills.youthId, youthId))
		.orderBy(desc(youthSoftSkills.createdAt), asc(youthSoftSkills.skillId));
	const confirmations = await db
		.select()
		.from(softSkillConfirmations)
		.where(and(eq(softSkillConfirmations.youthId, youthId), eq(softSkillConfirmations.status, 'confirmed')))
		.orderBy(asc(softSkillConfirmations.answeredAt));
	const out: ProfileSkill[] = [];
	for (const row of rows) {
		const skill = skills.get(row.skillId);
		if (!skill) continue; // never happens: skills are retired, not deleted
		out.push({
			skillId: skill.id,
			name: skill.name,
			definition: skill.definition,
			behaviours: skill.behaviours,
			familyId: skill.familyId,
			familyName: families.get(skill.familyId) ?? '',
			retired: skill.retired,
			source: row.source,
			proof: row.proof,
			experience: row.kind && row.description ? { kind: row.kind, description: row.description } : null,
			confirmations: confirmations
				.filter((c) => c.youthSkillId === row.id)
				.map((c) => ({
					id: c.id,
					name: c.confirmerName ?? '',
					role: c.confirmerRole ?? '',
					statement: c.statement ?? '',
					confirmedAt: c.answeredAt ?? c.createdAt,
					byStaff: c.confirmerUserId !== null
				})),
			createdAt: row.createdAt
		});
	}
	out.sort((a, b) => Number(b.confirmations.length > 0) - Number(a.confirmations.length > 0));
	const scores: FamilyScore[] = content.families.map((f) => ({
		id: f.id,
		name: f.name,
		total: content.skills.filter((s) => s.familyId === f.id && !s.retired).length,
		identified: out.filter((s) => s.familyId === f.id).length,
		confirmed: out.filter((s) => s.familyId === f.id && s.confirmations.length > 0).length
	}));
	return { families: scores, skills: out };
}

/** The youth's own profile. */
export async function getMyProfile(deps: Deps, actor: Actor | null): Promise<SoftSkillProfile> {
	const youth = requireRole(actor, ['youth']);
	return profileOf(deps.db, youth.userId);
}

/** For the CV builder: the names of the youth's skills, confirmed ones first. */
export async function listSelectedSoftSkillLabels(deps: Deps, actor: Actor | null): Promise<string[]> {
	const youth = requireRole(actor, ['youth']);
	return (await profileOf(deps.db, youth.userId)).skills.map((s) => s.name);
}

async function staffYouth(db: Database, actor: Actor | null, youthId: string) {
	const staff = requireRole(actor, STAFF_ROLES);
	const place = await findYouthPlace(db, youthId);
	if (!place || !can(staff, 'read', 'youth_file', { structureId: place.structureId, networkId: null, ownerId: place.id })) throw youthNotFound();
	return { staff, youthId: place.id };
}

/** A youth's profile for the staff of their current Mission Locale (read-only). */
export async function getProfileForStaff(deps: Deps, actor: Actor | null, youthId: string): Promise<SoftSkillProfile & { confirmedByMe: string[] }> {
	const { staff, youthId: id } = await staffYouth(deps.db, actor, youthId);
	const profile = await profileOf(deps.db, id);
	const mine = await deps.db
		.select({ skillId: youthSoftSkills.skillId })
		.from(softSkillConfirmations)
		.innerJoin(youthSoftSkills, eq(youthSoftSkills.id, softSkillConfirmations.youthSkillId))
		.where(and(eq(softSkillConfirmations.youthId, id), eq(softSkillConfirmations.confirmerUserId, staff.userId)));
	return { ...profile, confirmedByMe: mine.map((m) => m.skillId) };
}

const STAFF_ROLE_LABELS: Partial<Record<Actor['role'], string>> = {
	counselor: 'Conseiller·e à la Mission Locale',
	structure_manager: 'Direction de la Mission Locale'
};

/** A staff member confirms one of the youth's skills as themself (once per skill). */
export async function confirmAsStaff(deps: Deps, actor: Actor | null, youthId: string, skillId: string, input: { statement: unknown }): Promise<void> {
	const { staff, youthId: id } = await staffYouth(deps.db, actor, youthId);
	const statement = clean(input.statement);
	if (statement.length < 3 || statement.length > 500 || CONTROL.test(statement))
		throw invalidConfirmation({ statement: 'Une phrase de 3 à 500 caractères : ce que vous avez observé.' });
	const [own] = await deps.db
		.select({ id: youthSoftSkills.id })
		.from(youthSoftSkills)
		.where(and(eq(youthSoftSkills.youthId, id), eq(youthSoftSkills.skillId, String(skillId))));
	if (!own) throw skillNotFound();
	const name = (await displayNames(deps.db, [staff.userId])).get(staff.userId) ?? 'Votre conseiller·e';
	await deps.db.transaction(async (tx) => {
		await tx.select({ id: youthSoftSkills.id }).from(youthSoftSkills).where(eq(youthSoftSkills.id, own.id)).for('update');
		const [already] = await tx
			.select({ id: softSkillConfirmations.id })
			.from(softSkillConfirmations)
			.where(and(eq(softSkillConfirmations.youthSkillId, own.id), eq(softSkillConfirmations.confirmerUserId, staff.userId), eq(softSkillConfirmations.status, 'confirmed')));
		if (already) throw alreadyConfirmed();
		const now = deps.now();
		await tx.insert(softSkillConfirmations).values({
			youthSkillId: own.id,
			youthId: id,
			status: 'confirmed',
			createdAt: now,
			answeredAt: now,
			confirmerName: name,
			confirmerRole: STAFF_ROLE_LABELS[staff.role] ?? 'Mission Locale',
			statement,
			confirmerUserId: staff.userId
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Identification

export interface SkillSuggestion {
	id: string;
	name: string;
	definition: string;
	familyName: string;
	/** How many answers or words point to it. */
	weight: number;
}

export interface SituationsView {
	situations: typeof SITUATIONS;
}

/** Skills the youth's reactions to the situations reveal, strongest first (retired ones left out). */
export async function suggestFromSituations(deps: Deps, actor: Actor | null, answers: Record<string, unknown>): Promise<SkillSuggestion[]> {
	requireRole(actor, ['youth']);
	const weights = new Map<string, number>();
	let answered = 0;
	for (const situation of SITUATIONS) {
		const reaction = situation.reactions.find((r) => r.id === answers[situation.id]);
		if (!reaction) continue;
		answered++;
		for (const id of reaction.skills) weights.set(id, (weights.get(id) ?? 0) + 1);
	}
	if (answered === 0) throw invalidAnswers();
	return rank(deps.db, weights);
}

async function rank(db: Database, weights: Map<string, number>): Promise<SkillSuggestion[]> {
	const { content } = await publishedReferential(db);
	const families = new Map(content.families.map((f) => [f.id, f.name]));
	return activeSkills(content)
		.filter((s) => weights.has(s.id))
		.map((s) => ({ id: s.id, name: s.name, definition: s.definition, familyName: families.get(s.familyId) ?? '', weight: weights.get(s.id)! }))
		.sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name, 'fr'));
}

const KIND_SKILLS: Record<ExperienceKind, string[]> = {
	job: ['ponctualite', 'fiabilite', 'service'],
	internship: ['apprendre', 'rigueur', 'adaptabilite'],
	family: ['responsabilite', 'entraide', 'patience'],
	sport: ['cooperation', 'perseverance', 'fiabilite'],
	volunteering: ['entraide', 'motivation', 'cooperation'],
	school: ['apprendre', 'cooperation', 'gestion-temps'],
	hobby: ['creativite', 'curiosite', 'perseverance'],
	other: []
};

/** Skills a story suggests: its words (keywords of the referential) and its kind. At most 8. */
export async function suggestFromStory(db: Database, kind: ExperienceKind, description: string): Promise<SkillSuggestion[]> {
	const { content } = await publishedReferential(db);
	const text = description.toLocaleLowerCase('fr-FR');
	const weights = new Map<string, number>();
	for (const skill of activeSkills(content)) {
		const hits = skill.keywords.filter((k) => text.includes(k.toLocaleLowerCase('fr-FR'))).length;
		if (hits > 0) weights.set(skill.id, hits * 2);
	}
	for (const id of KIND_SKILLS[kind]) weights.set(id, (weights.get(id) ?? 0) + 1);
	return (await rank(db, weights)).slice(0, 8);
}

/** Records something the youth did (kind + short story); they pick skills from it next. */
export async function createExperience(deps: Deps, actor: Actor | null, input: { kind: unknown; description: unknown }): Promise<{ id: string }> {
	const youth = requireRole(actor, ['youth']);
	const kind = String(input.kind ?? '');
	const description = clean(input.description);
	const fields: Record<string, string> = {};
	if (!(EXPERIENCE_KINDS as readonly string[]).includes(kind)) fields.kind = 'Choisis le type d’expérience.';
	if (description.length < 3 || description.length > 600 || CONTROL.test(description)) fields.description = 'De 3 à 600 caractères.';
	if (Object.keys(fields).length > 0) throw invalidExperience(fields);
	const [count_] = (await deps.db.select({ n: count() }).from(softSkillExperiences).where(eq(softSkillExperiences.youthId, youth.userId))) as [{ n: number }];
	if (count_.n >= 100) throw invalidExperience({ description: 'Tu as déjà raconté 100 expériences.' });
	const [row] = await deps.db
		.insert(softSkillExperiences)
		.values({ youthId: youth.userId, kind: kind as ExperienceKind, description, createdAt: deps.now() })
		.returning({ id: softSkillExperiences.id });
	return { id: row!.id };
}

/** One of the youth's experiences with the skills it suggests and the whole referential to pick from. */
export async function getExperience(deps: Deps, actor: Actor | null, experienceId: string) {
	const youth = requireRole(actor, ['youth']);
	if (!uuid.safeParse(experienceId).success) throw experienceNotFound();
	const [row] = await deps.db
		.select()
		.from(softSkillExperiences)
		.where(and(eq(softSkillExperiences.id, experienceId.toLowerCase()), eq(softSkillExperiences.youthId, youth.userId)));
	if (!row) throw experienceNotFound();
	return { id: row.id, kind: row.kind, description: row.description, suggestions: await suggestFromStory(deps.db, row.kind, row.description) };
}

/** The active skills by family, for « pick other skills ». */
export async function listActiveSkills(deps: Deps, actor: Actor | null) {
	requireRole(actor, ['youth']);
	const { content } = await publishedReferential(deps.db);
	return content.families.map((f) => ({
		id: f.id,
		name: f.name,
		skills: activeSkills(content)
			.filter((s) => s.familyId === f.id)
			.map((s) => ({ id: s.id, name: s.name, definition: s.definition }))
	}));
}

/**
 * Adds skills to the youth's profile (picking one they already have changes nothing, except that an
 * experience and its proof replace what was there). Only active skills of the referential.
 */
export async function pickSkills(
	deps: Deps,
	actor: Actor | null,
	input: { skillIds: unknown[]; experienceId?: unknown; proof?: unknown }
): Promise<{ added: number }> {
	const youth = requireRole(actor, ['youth']);
	const { content } = await publishedReferential(deps.db);
	const active = new Set(activeSkills(content).map((s) => s.id));
	const ids = [...new Set(input.skillIds.map(String))].filter((id) => active.has(id));
	if (ids.length === 0 || ids.length > 40) throw nothingPicked();
	const proof = clean(input.proof) || null;
	if (proof && (proof.length > 400 || CONTROL.test(proof))) throw invalidProof();
	let experienceId: string | null = null;
	if (input.experienceId !== undefined && input.experienceId !== null && input.experienceId !== '') {
		const exp = String(input.experienceId);
		if (!uuid.safeParse(exp).success) throw experienceNotFound();
		const [row] = await deps.db
			.select({ id: softSkillExperiences.id })
			.from(softSkillExperiences)
			.where(and(eq(softSkillExperiences.id, exp.toLowerCase()), eq(softSkillExperiences.youthId, youth.userId)));
		if (!row) throw experienceNotFound();
		experienceId = row.id;
	}
	const now = deps.now();
	const source: YouthSkillSource = experienceId ? 'experience' : 'situations';
	const rows = await deps.db
		.insert(youthSoftSkills)
		.values(ids.map((skillId) => ({ youthId: youth.userId, skillId, source, experienceId, proof, createdAt: now, updatedAt: now })))
		.onConflictDoUpdate({
			target: [youthSoftSkills.youthId, youthSoftSkills.skillId],
			set: experienceId ? { source, experienceId, proof, updatedAt: now } : { updatedAt: now }
		})
		.returning({ id: youthSoftSkills.id, createdAt: youthSoftSkills.createdAt });
	return { added: rows.filter((r) => r.createdAt.getTime() === now.getTime()).length };
}

async function ownSkill(db: Database, actor: Actor | null, skillId: string) {
	const youth = requireRole(actor, ['youth']);
	const [row] = await db
		.select()
		.from(youthSoftSkills)
		.where(and(eq(youthSoftSkills.youthId, youth.userId), eq(youthSoftSkills.skillId, String(skillId).slice(0, 80))));
	if (!row) throw skillNotFound();
	return { youth, row };
}

/** Removes a skill from the youth's profile (with its confirmations and links). */
export async function removeSkill(deps: Deps, actor: Actor | null, skillId: string): Promise<void> {
	const { row } = await ownSkill(deps.db, actor, skillId);
	await deps.db.delete(youthSoftSkills).where(eq(youthSoftSkills.id, row.id));
}

const linkStatus = (c: typeof softSkillConfirmations.$inferSelect, now: Date): LinkView['status'] =>
	c.status !== 'pending' ? c.status : c.revokedAt ? 'revoked' : c.expiresAt && c.expiresAt <= now ? 'expired' : 'pending';

/** One of the youth's skills with its confirmations and its confirmation links. */
export async function getMySkill(deps: Deps, actor: Actor | null, skillId: string): Promise<{ skill: ProfileSkill; links: LinkView[] }> {
	const { youth, row } = await ownSkill(deps.db, actor, skillId);
	const skill = (await profileOf(deps.db, youth.userId)).skills.find((s) => s.skillId === row.skillId);
	if (!skill) throw skillNotFound();
	const now = deps.now();
	const links = await deps.db
		.select()
		.from(softSkillConfirmations)
		.where(and(eq(softSkillConfirmations.youthSkillId, row.id), isNull(softSkillConfirmations.confirmerUserId)))
		.orderBy(desc(softSkillConfirmations.createdAt))
		.limit(30);
	return {
		skill,
		links: links
			.filter((l) => l.token)
			.map((l) => ({ id: l.id, token: l.token!, invitee: l.invitee, createdAt: l.createdAt, expiresAt: l.expiresAt!, status: linkStatus(l, now) }))
	};
}

/** A single-use link, valid 30 days, that lets someone confirm the skill without an account. */
export async function createConfirmationLink(deps: Deps, actor: Actor | null, skillId: string, input: { invitee?: unknown }): Promise<LinkView> {
	const { youth, row } = await ownSkill(deps.db, actor, skillId);
	const invitee = clean(input.invitee).slice(0, 80) || null;
	if (invitee && CONTROL.test(invitee)) throw invalidConfirmation({ invitee: 'Caractère invalide.' });
	return deps.db.transaction(async (tx) => {
		await tx.select({ id: youthSoftSkills.id }).from(youthSoftSkills).where(eq(youthSoftSkills.id, row.id)).for('update');
		const now = deps.now();
		const [{ n }] = (await tx
			.select({ n: count() })
			.from(softSkillConfirmations)
			.where(
				and(
					eq(softSkillConfirmations.youthSkillId, row.id),
					eq(softSkillConfirmations.status, 'pending'),
					isNull(softSkillConfirmations.revokedAt),
					gt(softSkillConfirmations.expiresAt, now)
				)
			)) as [{ n: number }];
		if (n >= MAX_PENDING_LINKS_PER_SKILL) throw tooManyLinks();
		const [link] = await tx
			.insert(softSkillConfirmations)
			.values({
				youthSkillId: row.id,
				youthId: youth.userId,
				token: randomBytes(32).toString('base64url'),
				invitee,
				status: 'pending',
				createdAt: now,
				expiresAt: new Date(now.getTime() + LINK_DAYS * DAY_MS)
			})
			.returning();
		return { id: link!.id, token: link!.token!, invitee, createdAt: now, expiresAt: link!.expiresAt!, status: 'pending' };
	});
}

/** Stops a pending link at once (revoking again, or an answered link, changes nothing). */
export async function revokeConfirmationLink(deps: Deps, actor: Actor | null, skillId: string, linkId: string): Promise<void> {
	const { row } = await ownSkill(deps.db, actor, skillId);
	if (!uuid.safeParse(linkId).success) throw linkNotFound();
	const [link] = await deps.db
		.select({ id: softSkillConfirmations.id })
		.from(softSkillConfirmations)
		.where(and(eq(softSkillConfirmations.id, linkId.toLowerCase()), eq(softSkillConfirmations.youthSkillId, row.id)));
	if (!link) throw linkNotFound();
	await deps.db
		.update(softSkillConfirmations)
		.set({ revokedAt: deps.now() })
		.where(and(eq(softSkillConfirmations.id, link.id), eq(softSkillConfirmations.status, 'pending'), isNull(softSkillConfirmations.revokedAt)));
}

// ---------------------------------------------------------------------------------------------
// The person asked to confirm (no account)

export interface ConfirmationRequest {
	youthName: string;
	invitee: string | null;
	skill: { name: string; definition: string; behaviours: string[] };
	proof: string | null;
	experience: { kind: ExperienceKind; description: string } | null;
	expiresAt: Date;
}

function usableWhere(token: string, now: Date) {
	return and(
		eq(softSkillConfirmations.token, token),
		eq(softSkillConfirmations.status, 'pending'),
		isNull(softSkillConfirmations.revokedAt),
		gt(softSkillConfirmations.expiresAt, now)
	);
}

/** What the link shows: the skill and the youth's proof. Unknown, used, expired, revoked: the same error. */
export async function openConfirmation(deps: Deps, token: string): Promise<ConfirmationRequest> {
	if (!TOKEN.test(token)) throw linkUnavailable();
	const [link] = await deps.db.select().from(softSkillConfirmations).where(usableWhere(token, deps.now()));
	if (!link) throw linkUnavailable();
	const [own] = await deps.db.select().from(youthSoftSkills).where(eq(youthSoftSkills.id, link.youthSkillId));
	if (!own) throw linkUnavailable();
	const profile = await profileOf(deps.db, own.youthId);
	const skill = profile.skills.find((s) => s.skillId === own.skillId);
	if (!skill) throw linkUnavailable();
	const full = (await displayNames(deps.db, [own.youthId])).get(own.youthId) ?? '';
	const [first, ...rest] = full.split(' ');
	const initial = rest.join(' ').trim().charAt(0);
	return {
		youthName: initial ? `${first} ${initial}.` : (first ?? ''),
		invitee: link.invitee,
		skill: { name: skill.name, definition: skill.definition, behaviours: skill.behaviours },
		proof: skill.proof,
		experience: skill.experience,
		expiresAt: link.expiresAt!
	};
}

/**
 * Confirms (or declines) through the link. One statement per link: of two answers at the same time,
 * one wins, the other gets « link unavailable ».
 */
export async function answerConfirmation(
	deps: Deps,
	token: string,
	input: { decision?: unknown; name?: unknown; role?: unknown; statement?: unknown }
): Promise<{ status: 'confirmed' | 'declined' }> {
	if (!TOKEN.test(token)) throw linkUnavailable();
	const decision = input.decision === 'decline' ? 'declined' : input.decision === 'confirm' ? 'confirmed' : null;
	const name = clean(input.name);
	const role = clean(input.role);
	const statement = clean(input.statement);
	const fields: Record<string, string> = {};
	if (!decision) fields.decision = 'Choisissez : confirmer ou ne pas confirmer.';
	if (decision === 'confirmed') {
		if (name.length < 2 || name.length > 80 || CONTROL.test(name)) fields.name = 'Votre nom : de 2 à 80 caractères.';
		if (role.length < 2 || role.length > 80 || CONTROL.test(role)) fields.role = 'Votre rôle : de 2 à 80 caractères (par exemple « Coach du club de foot »).';
		if (statement.length < 3 || statement.length > 500 || CONTROL.test(statement)) fields.statement = 'Une phrase de 3 à 500 caractères : ce que vous avez observé.';
	} else if (statement.length > 500 || CONTROL.test(statement) || name.length > 80 || role.length > 80) {
		fields.statement = '500 caractères au plus.';
	}
	if (Object.keys(fields).length > 0) {
		// A dead link says so before the form's mistakes.
		await openConfirmation(deps, token);
		throw invalidConfirmation(fields);
	}
	const now = deps.now();
	const [row] = await deps.db
		.update(softSkillConfirmations)
		.set({
			status: decision!,
			answeredAt: now,
			confirmerName: decision === 'confirmed' ? name : name || null,
			confirmerRole: decision === 'confirmed' ? role : role || null,
			statement: statement || null
		})
		.where(usableWhere(token, now))
		.returning({ id: softSkillConfirmations.id });
	if (!row) throw linkUnavailable();
	return { status: decision! };
}

// ---------------------------------------------------------------------------------------------
// Badges: a skill confirmed by someone else is an achievement

export async function confirmedSoftSkills(deps: Deps, youthId: string) {
	const profile = await profileOf(deps.db, youthId);
	return profile.skills
		.filter((s) => s.confirmations.length > 0)
		.map((s) => {
			const first = s.confirmations[0]!;
			return {
				kind: 'soft_skill' as const,
				ref: s.skillId,
				name: `Savoir-être : ${s.name}`,
				description: s.definition,
				criteria: `Qualité repérée par le ou la jeune sur Tremplin, puis confirmée par ${first.name} (${first.role}) : « ${first.statement} »`,
				achievedAt: first.confirmedAt
			};
		});
}

