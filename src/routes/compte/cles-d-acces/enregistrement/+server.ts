import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { finishPasskeyRegistration, jsonError, readJsonBody, relyingPartyFor } from '$lib/server/modules/passkeys';

/** Step 2: checks the authenticator's answer and stores the passkey. */
export const POST: RequestHandler = async ({ request, url, locals }) => {
	const app = await getApp();
	try {
		const body = await readJsonBody(request);
		const created = await finishPasskeyRegistration(app, locals.actor, relyingPartyFor(app.config, url), {
			response: body.response,
			userAgent: request.headers.get('user-agent')
		});
		return json(created, { status: 201, headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		return jsonError(e);
	}
};
