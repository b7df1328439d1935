import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { jsonError, readJsonBody, relyingPartyFor, startPasskeyRegistration } from '$lib/server/modules/passkeys';

/** Step 1 of adding a passkey to the signed-in account. */
export const POST: RequestHandler = async ({ request, url, locals }) => {
	const app = await getApp();
	try {
		await readJsonBody(request);
		const options = await startPasskeyRegistration(app, locals.actor, relyingPartyFor(app.config, url));
		return json(options, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		return jsonError(e);
	}
};
