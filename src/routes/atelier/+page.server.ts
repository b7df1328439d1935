import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

/** Why the player was sent back here (`?raison=`), in French. */
const REASONS: Record<string, string> = {
	session: 'Ta place dans cet atelier n’est plus reconnue sur ce téléphone. Entre à nouveau le code affiché à l’écran.',
	retire: 'L’animateur ou l’animatrice t’a retiré·e de l’atelier.',
	termine: 'Cet atelier est terminé. Merci d’avoir participé !'
};

export const load: PageServerLoad = async ({ url }) => {
	return { reason: REASONS[url.searchParams.get('raison') ?? ''] ?? null };
};

export const actions: Actions = {
	default: async ({ request }) => {
		const form = await request.formData().catch(() => null);
		const raw = String(form?.get('code') ?? '').replace(/\s+/g, '');
		if (!/^\d{6}$/.test(raw)) {
			return fail(400, { code: raw.slice(0, 12), error: 'Le code compte 6 chiffres, affichés sur l’écran de l’atelier.' });
		}
		redirect(303, `/atelier/${raw}`);
	}
};
