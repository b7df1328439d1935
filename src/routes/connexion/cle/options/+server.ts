import { json, type RequestHandler } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { jsonError, readJsonBody, relyingPartyFor, startPasskeySignIn } from '$lib/server/modules/passkeys';

/** Step 1 of signing in with a passkey: a fresh challenge (discoverable credentials, no username). */
export const POST: RequestHandler = async ({ request, url }) => {
	const app = await getApp();
	try {
		await readJsonBody(request);
		const options = await startPasskeySignIn(app, relyingPartyFor(app.config, url));
		return json(options, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		return jsonError(e);
	}
};
