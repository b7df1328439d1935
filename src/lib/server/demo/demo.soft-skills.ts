import type { Deps } from '../app';
import type { Actor } from '../platform/access';
import { confirmAsStaff, createExperience, getMyProfile, pickSkills } from '../modules/soft-skills';

/**
 * Demo content of « Mes qualités »: Karim told one experience (helping at his uncle's market stall),
 * picked three qualities from it, and his counselor confirmed one of them — so the profile, the CV
 * suggestions and « Mes badges » (a confirmed quality can become a badge) have something to show.
 * Goes through the module's use cases; skipped when Karim already has qualities (idempotent).
 */
export async function seedSoftSkills(deps: Deps, ctx: { karim: Actor; counselor: Actor }): Promise<void> {
	const profile = await getMyProfile(deps, ctx.karim);
	if (profile.skills.length > 0) return;
	const experience = await createExperience(deps, ctx.karim, {
		kind: 'job',
		description:
			'Le samedi, j’aide mon oncle sur son stand au marché de la Croix-Rousse : je monte le stand à 6 h, je sers les clients et je tiens la caisse.'
	});
	await pickSkills(deps, ctx.karim, {
		skillIds: ['ponctualite', 'service', 'rigueur'],
		experienceId: experience.id,
		proof: 'Je suis là à 6 h chaque samedi, et la caisse tombe juste à la fin de la journée.'
	});
	await confirmAsStaff(deps, ctx.counselor, ctx.karim.userId, 'ponctualite', {
		statement: 'Karim est venu à tous ses rendez-vous à l’heure depuis septembre, et prévient quand il a un empêchement.'
	});
}
