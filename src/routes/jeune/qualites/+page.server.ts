import { getApp } from '$lib/server/app';
import { getMyProfile } from '$lib/server/modules/soft-skills';
import type { PageServerLoad } from './$types';

const NOTICES: Record<string, string> = {
	ajout: 'C’est noté : tes qualités sont dans ton profil. Tu peux maintenant les faire confirmer.',
	retrait: 'Cette qualité n’est plus dans ton profil.'
};

export const load: PageServerLoad = async ({ locals, url }) => {
	const app = await getApp();
	const profile = await getMyProfile(app, locals.actor);
	return {
		families: profile.families,
		skills: profile.skills.map((s) => ({
			skillId: s.skillId,
			name: s.name,
			familyName: s.familyName,
			source: s.source,
			proof: s.proof,
			retired: s.retired,
			confirmedBy: s.confirmations.map((c) => c.name)
		})),
		notice: NOTICES[url.searchParams.get('ok') ?? ''] ?? null
	};
};
