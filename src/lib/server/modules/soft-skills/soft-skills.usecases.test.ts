import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import type { Actor } from '$lib/server/platform/access';
import { DomainError } from '$lib/server/platform/errors/errors';
import { aWorld, type World } from '$lib/server/testing/world';
import { moveYouthToStructure } from '../accounts';
import { findAchievement } from '../badges/badges.sources';
import { softSkillSuggestionsFor } from '../cv';
import { INITIAL_REFERENTIAL } from './soft-skills.data';
import {
	addSkill,
	answerConfirmation,
	confirmAsStaff,
	createConfirmationLink,
	createExperience,
	getExperience,
	getMyProfile,
	getMySkill,
	getProfileForStaff,
	getReferentialForAdmin,
	listActiveSkills,
	listSelectedSoftSkillLabels,
	openConfirmation,
	pickSkills,
	publishDraft,
	publishedReferential,
	removeSkill,
	revokeConfirmationLink,
	setSkillRetired,
	SITUATIONS,
	suggestFromSituations,
	updateSkill
} from './index';

let handle: DatabaseHandle;
let world: World;
let clock = new Date('2026-11-22T10:00:00Z');
const deps = () => ({ db: handle.db, now: () => clock });
const DAY = 86_400_000;
const colleague = (): Actor => ({ userId: world.youths.youthOfColleague.id, role: 'youth', structureId: world.youths.youthOfColleague.structureId, networkId: null, companyId: null });

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
});
afterAll(() => handle.close());

const codeOf = async (promise: Promise<unknown>) => {
	try {
		await promise;
		return 'ok';
	} catch (error) {
		return error instanceof DomainError ? error.code : String(error);
	}
};

const answer = { decision: 'confirm', name: 'Samir Benali', role: 'Coach du club de foot', statement: 'Karim écoute toujours ses coéquipiers.' };

describe('the referential', () => {
	it('is written from the data file on first read: 30 to 45 skills in 8 to 11 families, each with 2 to 4 behaviours', async () => {
		const { number, content } = await publishedReferential(handle.db);
		expect(number).toBe(1);
		expect(content.families.length).toBeGreaterThanOrEqual(8);
		expect(content.families.length).toBeLessThanOrEqual(11);
		expect(content.skills.length).toBeGreaterThanOrEqual(30);
		expect(content.skills.length).toBeLessThanOrEqual(45);
		for (const s of content.skills) {
			expect(s.behaviours.length).toBeGreaterThanOrEqual(2);
			expect(s.behaviours.length).toBeLessThanOrEqual(4);
			expect(content.families.some((f) => f.id === s.familyId)).toBe(true);
		}
		expect(new Set(content.skills.map((s) => s.id)).size).toBe(content.skills.length);
	});

	it('situations only point to skills of the referential', () => {
		const ids = new Set(INITIAL_REFERENTIAL.skills.map((s) => s.id));
		expect(SITUATIONS.length).toBeGreaterThanOrEqual(10);
		for (const s of SITUATIONS) {
			expect(s.reactions.length).toBeGreaterThanOrEqual(3);
			for (const r of s.reactions) for (const id of r.skills) expect(ids.has(id), `${s.id}/${r.id}: ${id}`).toBe(true);
		}
	});

	it('only a platform admin edits it', async () => {
		for (const actor of [world.actors.youth, world.actors.counselor, world.actors.manager, world.actors.referent, null]) {
			expect(await codeOf(updateSkill(deps(), actor, 'ecoute', { name: 'X', definition: 'x', behaviours: 'a\nb', familyId: 'relation' }))).toMatch(/^access\./);
			expect(await codeOf(publishDraft(deps(), actor))).toMatch(/^access\./);
		}
	});

	it('bad input changes nothing', async () => {
		const admin = world.actors.admin;
		expect(await codeOf(updateSkill(deps(), admin, 'ecoute', { name: '', definition: 'court', behaviours: 'seul', familyId: 'relation' }))).toBe('soft_skills.invalid_referential');
		expect(await codeOf(updateSkill(deps(), admin, 'nope', { name: 'Écoute active', definition: 'Une définition assez longue.', behaviours: 'a\nb', familyId: 'relation' }))).toBe('soft_skills.skill_not_found');
		expect(await codeOf(addSkill(deps(), admin, { name: 'Humour', definition: 'Une définition assez longue.', behaviours: 'a\nb', familyId: 'inconnue' }))).toBe('soft_skills.family_not_found');
		expect(await codeOf(publishDraft(deps(), admin))).toBe('soft_skills.no_draft');
		expect((await getReferentialForAdmin(deps(), admin)).draft).toBeNull();
	});

	it('a youth picks a skill, the admin renames one, retires it and adds one; after publishing, ids are stable and the retired skill stays readable', async () => {
		await pickSkills(deps(), world.actors.youth, { skillIds: ['ponctualite'] });
		const admin = world.actors.admin;
		await updateSkill(deps(), admin, 'ecoute', { name: 'Écoute active', definition: 'Écouter l’autre jusqu’au bout pour le comprendre.', behaviours: 'Laisse parler\nReformule', familyId: 'relation' });
		await setSkillRetired(deps(), admin, 'ponctualite', true);
		const { id } = await addSkill(deps(), admin, { name: 'Sens de l’humour', definition: 'Détendre l’ambiance avec bienveillance.', behaviours: 'Fait rire sans blesser\nDédramatise', familyId: 'relation' });
		expect(id).toBe('sens-de-l-humour');
		// Nothing changes for youth before publishing.
		expect((await publishedReferential(handle.db)).number).toBe(1);
		expect((await listActiveSkills(deps(), world.actors.youth)).flatMap((f) => f.skills).some((s) => s.id === 'ponctualite')).toBe(true);

		expect(await publishDraft(deps(), admin)).toEqual({ number: 2 });
		const view = await getReferentialForAdmin(deps(), admin);
		expect(view.published.number).toBe(2);
		expect(view.draft).toBeNull();
		expect(view.history.map((h) => [h.number, h.status])).toEqual([
			[2, 'published'],
			[1, 'archived']
		]);
		const skills = view.published.content.skills;
		expect(skills.find((s) => s.id === 'ecoute')?.name).toBe('Écoute active');
		expect(skills.find((s) => s.id === 'sens-de-l-humour')).toBeTruthy();
		// Retired: still readable in the youth's profile, no longer proposed or pickable.
		const profile = await getMyProfile(deps(), world.actors.youth);
		expect(profile.skills.find((s) => s.skillId === 'ponctualite')).toMatchObject({ name: 'Ponctualité', retired: true });
		expect((await listActiveSkills(deps(), world.actors.youth)).flatMap((f) => f.skills).some((s) => s.id === 'ponctualite')).toBe(false);
		expect(await codeOf(pickSkills(deps(), colleague(), { skillIds: ['ponctualite'] }))).toBe('soft_skills.nothing_picked');
		// Back for the other tests.
		await setSkillRetired(deps(), admin, 'ponctualite', false);
		await publishDraft(deps(), admin);
		await removeSkill(deps(), world.actors.youth, 'ponctualite');
	});
});

describe('identification', () => {
	it('situations suggest skills, strongest first; no answer is refused', async () => {
		const suggestions = await suggestFromSituations(deps(), world.actors.youth, { foot: 'a', 'nouvel-outil': 'b', forged: 'z' });
		expect(suggestions[0]).toMatchObject({ id: 'ecoute', weight: 2 });
		expect(suggestions.map((s) => s.id)).toEqual(expect.arrayContaining(['mediation', 'entraide']));
		expect(await codeOf(suggestFromSituations(deps(), world.actors.youth, { foot: 'z' }))).toBe('soft_skills.invalid_answers');
		expect(await codeOf(suggestFromSituations(deps(), world.actors.counselor, { foot: 'a' }))).toBe('access.forbidden');
	});

	it('picking suggested skills is never forced: only the ticked ones are added, unknown ids ignored', async () => {
		expect(await pickSkills(deps(), world.actors.youth, { skillIds: ['mediation', 'inconnue'] })).toEqual({ added: 1 });
		expect(await codeOf(pickSkills(deps(), world.actors.youth, { skillIds: [] }))).toBe('soft_skills.nothing_picked');
		const profile = await getMyProfile(deps(), world.actors.youth);
		expect(profile.skills.map((s) => [s.skillId, s.source])).toEqual([['mediation', 'situations']]);
	});

	it('an experience suggests skills from its words and kind; the youth picks one with a proof', async () => {
		const { id } = await createExperience(deps(), world.actors.youth, { kind: 'sport', description: 'Je suis capitaine de mon équipe de foot, je calme les disputes.' });
		const exp = await getExperience(deps(), world.actors.youth, id);
		expect(exp.suggestions.map((s) => s.id)).toEqual(expect.arrayContaining(['leadership', 'cooperation', 'mediation']));
		await pickSkills(deps(), world.actors.youth, { skillIds: ['cooperation'], experienceId: id, proof: 'J’organise les entraînements du samedi.' });
		const skill = (await getMyProfile(deps(), world.actors.youth)).skills.find((s) => s.skillId === 'cooperation');
		expect(skill).toMatchObject({ source: 'experience', proof: 'J’organise les entraînements du samedi.', experience: { kind: 'sport' } });
	});

	it('bad experiences and another youth’s experience are refused', async () => {
		expect(await codeOf(createExperience(deps(), world.actors.youth, { kind: 'pirate', description: 'x' }))).toBe('soft_skills.invalid_experience');
		expect(await codeOf(createExperience(deps(), world.actors.youth, { kind: 'job', description: 'a'.repeat(601) }))).toBe('soft_skills.invalid_experience');
		const { id } = await createExperience(deps(), world.actors.youth, { kind: 'job', description: 'Serveur au snack' });
		const other = colleague();
		expect(await codeOf(getExperience(deps(), other, id))).toBe('soft_skills.experience_not_found');
		expect(await codeOf(pickSkills(deps(), other, { skillIds: ['service'], experienceId: id }))).toBe('soft_skills.experience_not_found');
		expect(await codeOf(getExperience(deps(), world.actors.youth, 'pas-un-uuid'))).toBe('soft_skills.experience_not_found');
		expect(await codeOf(pickSkills(deps(), world.actors.youth, { skillIds: ['service'], proof: 'x'.repeat(401) }))).toBe('soft_skills.invalid_proof');
	});
});

describe('confirmation links', () => {
	it('a link opens without an account, shows the skill and proof, and confirms once', async () => {
		const link = await createConfirmationLink(deps(), world.actors.youth, 'cooperation', { invitee: 'Mon coach' });
		expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(link.expiresAt.getTime() - clock.getTime()).toBe(30 * DAY);
		const request = await openConfirmation(deps(), link.token);
		expect(request).toMatchObject({ youthName: 'Karim H.', skill: { name: 'Coopération' }, proof: 'J’organise les entraînements du samedi.' });
		expect(await answerConfirmation(deps(), link.token, answer)).toEqual({ status: 'confirmed' });
		expect(await codeOf(answerConfirmation(deps(), link.token, answer))).toBe('soft_skills.link_unavailable');
		expect(await codeOf(openConfirmation(deps(), link.token))).toBe('soft_skills.link_unavailable');
		const skill = (await getMyProfile(deps(), world.actors.youth)).skills[0];
		expect(skill).toMatchObject({ skillId: 'cooperation', confirmations: [{ name: 'Samir Benali', role: 'Coach du club de foot', byStaff: false }] });
		expect((await getMySkill(deps(), world.actors.youth, 'cooperation')).links[0]?.status).toBe('confirmed');
	});

	it('expired, revoked and forged links give the same answer and change nothing', async () => {
		const expired = await createConfirmationLink(deps(), world.actors.youth, 'mediation', {});
		const revoked = await createConfirmationLink(deps(), world.actors.youth, 'mediation', {});
		await revokeConfirmationLink(deps(), world.actors.youth, 'mediation', revoked.id);
		const saved = clock;
		clock = new Date(saved.getTime() + 30 * DAY + 1000);
		try {
			for (const token of [expired.token, revoked.token, 'A'.repeat(43), 'court', '']) {
				expect(await codeOf(openConfirmation(deps(), token))).toBe('soft_skills.link_unavailable');
				expect(await codeOf(answerConfirmation(deps(), token, answer))).toBe('soft_skills.link_unavailable');
			}
			const links = (await getMySkill(deps(), world.actors.youth, 'mediation')).links;
			expect(links.map((l) => l.status).sort()).toEqual(['expired', 'revoked']);
		} finally {
			clock = saved;
		}
		expect((await getMyProfile(deps(), world.actors.youth)).skills.find((s) => s.skillId === 'mediation')?.confirmations).toEqual([]);
	});

	it('a bad answer is refused with field messages; declining is possible', async () => {
		const link = await createConfirmationLink(deps(), world.actors.youth, 'mediation', {});
		const failure = await answerConfirmation(deps(), link.token, { decision: 'confirm', name: '', role: 'x', statement: '' }).catch((e: DomainError) => e);
		expect(failure).toBeInstanceOf(DomainError);
		expect(Object.keys((failure as DomainError).fields).sort()).toEqual(['name', 'role', 'statement']);
		expect(await codeOf(answerConfirmation(deps(), link.token, { ...answer, decision: 'peut-être' }))).toBe('soft_skills.invalid_confirmation');
		expect(await answerConfirmation(deps(), link.token, { decision: 'decline', name: '', role: '', statement: '' })).toEqual({ status: 'declined' });
		expect((await getMyProfile(deps(), world.actors.youth)).skills.find((s) => s.skillId === 'mediation')?.confirmations).toEqual([]);
	});

	it('two answers at the same time: one confirmation', async () => {
		const link = await createConfirmationLink(deps(), world.actors.youth, 'mediation', {});
		const results = await Promise.all([0, 1, 2].map(() => codeOf(answerConfirmation(deps(), link.token, answer))));
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r === 'soft_skills.link_unavailable')).toHaveLength(2);
		expect((await getMyProfile(deps(), world.actors.youth)).skills.find((s) => s.skillId === 'mediation')?.confirmations).toHaveLength(1);
	});

	it('at most 5 pending links per skill; links only for the youth’s own skills', async () => {
		await pickSkills(deps(), world.actors.youth, { skillIds: ['rigueur'] });
		for (let i = 0; i < 5; i++) await createConfirmationLink(deps(), world.actors.youth, 'rigueur', {});
		expect(await codeOf(createConfirmationLink(deps(), world.actors.youth, 'rigueur', {}))).toBe('soft_skills.too_many_links');
		expect(await codeOf(createConfirmationLink(deps(), colleague(), 'rigueur', {}))).toBe('soft_skills.skill_not_found');
		const link = (await getMySkill(deps(), world.actors.youth, 'rigueur')).links[0]!;
		expect(await codeOf(revokeConfirmationLink(deps(), colleague(), 'rigueur', link.id))).toBe('soft_skills.skill_not_found');
		expect(await codeOf(revokeConfirmationLink(deps(), world.actors.youth, 'cooperation', link.id))).toBe('soft_skills.link_not_found');
	});
});

describe('staff and access', () => {
	it('the staff of the youth’s Mission Locale read the profile and confirm as themselves, once', async () => {
		const profile = await getProfileForStaff(deps(), world.actors.counselor, world.youths.youth.id);
		expect(profile.skills.map((s) => s.skillId)).toContain('rigueur');
		await confirmAsStaff(deps(), world.actors.counselor, world.youths.youth.id, 'rigueur', { statement: 'Dossiers toujours complets.' });
		expect(await codeOf(confirmAsStaff(deps(), world.actors.counselor, world.youths.youth.id, 'rigueur', { statement: 'Encore.' }))).toBe('soft_skills.already_confirmed');
		expect(await codeOf(confirmAsStaff(deps(), world.actors.counselor, world.youths.youth.id, 'rigueur', { statement: '' }))).toBe('soft_skills.invalid_confirmation');
		expect(await codeOf(confirmAsStaff(deps(), world.actors.counselor, world.youths.youth.id, 'creativite', { statement: 'Oui.' }))).toBe('soft_skills.skill_not_found');
		const after = await getProfileForStaff(deps(), world.actors.counselor, world.youths.youth.id);
		expect(after.confirmedByMe).toEqual(['rigueur']);
		expect(after.skills.find((s) => s.skillId === 'rigueur')?.confirmations[0]).toMatchObject({ byStaff: true, role: 'Conseiller·e à la Mission Locale' });
	});

	it('nobody else reads or confirms: other structures, other roles, youth', async () => {
		const a = world.actors;
		for (const actor of [a.otherCounselor, a.otherManager, a.farCounselor, a.referent, a.mentor, a.companyContact, a.admin, a.youth, null]) {
			expect(await codeOf(getProfileForStaff(deps(), actor, world.youths.youth.id))).toMatch(/^(soft_skills\.youth_not_found|access\.)/);
			expect(await codeOf(confirmAsStaff(deps(), actor, world.youths.youth.id, 'rigueur', { statement: 'Oui.' }))).toMatch(/^(soft_skills\.youth_not_found|access\.)/);
		}
		for (const actor of [a.counselor, a.admin, null]) expect(await codeOf(getMyProfile(deps(), actor))).toMatch(/^access\./);
		expect(await codeOf(getProfileForStaff(deps(), a.counselor, 'pas-un-uuid'))).toBe('soft_skills.youth_not_found');
	});

	it('after a transfer, the old Mission Locale sees nothing and the new one sees the profile', async () => {
		const other = colleague();
		await pickSkills(deps(), other, { skillIds: ['curiosite'] });
		await moveYouthToStructure(handle.db, { youthId: world.youths.youthOfColleague.id, toStructureId: world.structures.villeurbanne.id, at: clock });
		expect(await codeOf(getProfileForStaff(deps(), world.actors.counselor, world.youths.youthOfColleague.id))).toBe('soft_skills.youth_not_found');
		expect((await getProfileForStaff(deps(), world.actors.otherCounselor, world.youths.youthOfColleague.id)).skills.map((s) => s.skillId)).toEqual(['curiosite']);
	});
});

describe('what the profile feeds', () => {
	it('bars per family count identified and confirmed skills', async () => {
		const profile = await getMyProfile(deps(), world.actors.youth);
		const equipe = profile.families.find((f) => f.id === 'equipe')!;
		expect(equipe).toMatchObject({ identified: 1, confirmed: 1 });
		expect(equipe.total).toBeGreaterThanOrEqual(3);
	});

	it('the CV builder gets the skill names, confirmed first', async () => {
		const labels = await listSelectedSoftSkillLabels(deps(), world.actors.youth);
		expect(labels.slice(0, 3).sort()).toEqual(['Coopération', 'Médiation', 'Rigueur']);
		expect(await codeOf(listSelectedSoftSkillLabels(deps(), world.actors.counselor))).toBe('access.forbidden');
	});

	it('the CV builder’s « compétences » step proposes them before its curated qualities', async () => {
		const suggestions = await softSkillSuggestionsFor(deps(), world.actors.youth, { title: '', experiences: [{ kind: 'babysitting', title: 'Garde d’enfants' }] });
		expect(suggestions.slice(0, 3).sort()).toEqual(['Coopération', 'Médiation', 'Rigueur']);
		expect(suggestions).toContain('Patience');
		expect(suggestions.length).toBeLessThanOrEqual(10);
	});

	it('a confirmed skill is a soft_skill achievement for the badges; an unconfirmed one is not', async () => {
		const achievement = await findAchievement(deps(), world.youths.youth.id, 'soft_skill', 'cooperation');
		expect(achievement).toMatchObject({ kind: 'soft_skill', ref: 'cooperation', name: 'Savoir-être : Coopération' });
		expect(achievement?.criteria).toContain('Samir Benali');
		await pickSkills(deps(), world.actors.youth, { skillIds: ['curiosite'] });
		expect(await findAchievement(deps(), world.youths.youth.id, 'soft_skill', 'curiosite')).toBeNull();
	});
});
