import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { findWorkshopByCode, joinWorkshop, playerFromSecret } from '$lib/server/modules/workshops';
import { failFrom } from '$lib/server/platform/http/forms';
import { DomainError, isDomainError, messageFor } from '$lib/server/platform/errors/errors';
import { PLAYER_COOKIE, PLAYER_COOKIE_MAX_AGE, playerCookieValue, readPlayerCookie } from '$lib/workshops/transport';
import type { Actions, PageServerLoad } from './$types';

const sessionPath = (workshopId: string) => `/atelier/session/${workshopId}`;

export const load: PageServerLoad = async ({ params, locals, cookies, getClientAddress }) => {
	const app = await getApp();
	try {
		const workshop = await findWorkshopByCode(app, params.code, { ip: getClientAddress() });
		if (!workshop) return { found: false as const, code: params.code.slice(0, 12), message: messageFor('workshops.code_unknown', 'not_found') };
		// Already in this workshop on this phone: straight back to the session.
		const kept = readPlayerCookie(cookies.get(PLAYER_COOKIE), workshop.id);
		if (kept) {
			const player = await playerFromSecret(app, workshop.id, kept.secret);
			if (player) redirect(303, sessionPath(workshop.id));
		}
		const youthName = locals.actor?.role === 'youth' ? (locals.session?.firstName ?? null) : null;
		return { found: true as const, code: params.code, workshop: { id: workshop.id, title: workshop.title }, youthName };
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return { found: false as const, code: params.code, message: e.message };
	}
};

export const actions: Actions = {
	default: async ({ request, params, locals, cookies, getClientAddress }) => {
		const app = await getApp();
		const form = await request.formData().catch(() => null);
		const nickname = String(form?.get('nickname') ?? '').trim();
		const asYouth = locals.actor?.role === 'youth' && form?.get('as') === 'moi';
		let joined: { workshopId: string; secret: string };
		try {
			const workshop = await findWorkshopByCode(app, params.code, { ip: getClientAddress() });
			if (!workshop) throw new DomainError('workshops.code_unknown', 'not_found');
			// A signed-in youth joining again (another phone) gets a new secret for the same player.
			const result = await joinWorkshop(app, asYouth ? locals.actor : null, workshop.id, asYouth ? {} : { nickname });
			joined = { workshopId: workshop.id, secret: result.secret };
		} catch (e) {
			return failFrom(e, { nickname });
		}
		cookies.set(PLAYER_COOKIE, playerCookieValue(joined.workshopId, joined.secret), {
			path: '/',
			httpOnly: true,
			secure: true,
			sameSite: 'lax',
			maxAge: PLAYER_COOKIE_MAX_AGE
		});
		redirect(303, sessionPath(joined.workshopId));
	}
};
