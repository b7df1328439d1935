import { setSessionCookie } from '$lib/server/modules/authentication';
import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { finishPasskeySignIn, jsonError, readJsonBody, relyingPartyFor } from '$lib/server/modules/passkeys';
import { homeFor } from '$lib/server/platform/http/guards';

/** A local path to go back to after signing in (never another site). */
function localPath(value: unknown): string | null {
	if (typeof value !== 'string' || value.length > 1000) return null;
	return /^\/(?![/\\])/.test(value) ? value : null;
}

/** Step 2: checks the signed answer, opens a session and says where to go. */
export const POST: RequestHandler = async ({ request, url, cookies, getClientAddress, locals }) => {
	const app = await getApp();
	try {
		const body = await readJsonBody(request);
		const result = await finishPasskeySignIn(app, relyingPartyFor(app.config, url), {
			response: body.response,
			ip: getClientAddress(),
			userAgent: request.headers.get('user-agent')
		});
		if (locals.session) await app.sessions.revoke(locals.session.id);
		setSessionCookie(cookies, result);
		const home = homeFor({ role: result.role });
		const redirect = result.mfaSatisfied ? (localPath(body.redirection) ?? home) : '/connexion/double-authentification';
		return json({ redirect }, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		return jsonError(e);
	}
};
