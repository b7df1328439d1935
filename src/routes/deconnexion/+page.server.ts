import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { clearSessionCookie } from '$lib/server/modules/authentication';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ signedIn: locals.session !== null });

export const actions: Actions = {
	/**
	 * Signs out of this device — or of every device of this person when the form sends
	 * `portee=partout`. A plain POST to /deconnexion (from any page's sign-out button) works.
	 * On a shared phone, the next person must find nothing of the previous one: the answers kept
	 * for offline play, the messages outbox and the service worker's copies are wiped by the
	 * browser (`Clear-Site-Data: "storage"`).
	 */
	default: async ({ locals, cookies, request, setHeaders }) => {
		let everywhere = false;
		try {
			everywhere = (await request.formData()).get('portee') === 'partout';
		} catch {
			// No body: sign out of this device only.
		}
		if (locals.session) {
			const app = await getApp();
			if (everywhere) await app.sessions.revokeAllForUser(locals.session.userId);
			else await app.sessions.revoke(locals.session.id);
		}
		clearSessionCookie(cookies);
		setHeaders({ 'clear-site-data': '"storage"' });
		redirect(303, '/');
	}
};
