import { setSessionCookie } from '$lib/server/modules/authentication';
import { fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { activateYouthAccount, checkActivationCode, formatActivationCode } from '$lib/server/modules/activation';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { readForm, refill } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

/** What the page shows: the code step, or the details step once the code is known to be good. */
type Step =
	| { step: 'code'; typedCode: string; message: string | null; codeError: string | null }
	| { step: 'details'; activationCode: string; firstName: string };

export const load: PageServerLoad = async ({ url, getClientAddress }): Promise<Step> => {
	const raw = url.searchParams.get('code')?.slice(0, 40) ?? '';
	if (!raw.trim()) return { step: 'code', typedCode: '', message: null, codeError: null };
	// Opened from the QR code: check the code right away and greet the youth by first name.
	const app = await getApp();
	try {
		const checked = await checkActivationCode(app, { code: raw, ip: getClientAddress() });
		return { step: 'details', activationCode: checked.code, firstName: checked.firstName };
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return { step: 'code', typedCode: raw, message: e.fields.code ? null : e.message, codeError: e.fields.code ?? null };
	}
};

export const actions: Actions = {
	verifier: async ({ request, getClientAddress }) => {
		const app = await getApp();
		let typed = '';
		try {
			const values = await readForm(request);
			typed = (values.code ?? '').slice(0, 40);
			const checked = await checkActivationCode(app, { code: typed, ip: getClientAddress() });
			return { step: 'details' as const, activationCode: checked.code, firstName: checked.firstName };
		} catch (e) {
			if (!isDomainError(e)) throw e;
			return fail(e.status, {
				step: 'code' as const,
				typedCode: typed,
				message: e.fields.code ? null : e.message,
				codeError: e.fields.code ?? null
			});
		}
	},

	activer: async ({ request, getClientAddress, cookies, locals }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			values = await readForm(request);
			const result = await activateYouthAccount(app, {
				values,
				ip: getClientAddress(),
				userAgent: request.headers.get('user-agent')
			});
			// Somebody else signed in on this browser (e.g. the counselor's test): that session ends.
			if (locals.session) await app.sessions.revoke(locals.session.id);
			setSessionCookie(cookies, result);
		} catch (e) {
			if (!isDomainError(e)) throw e;
			if (e.code === 'activation.invalid_code' || e.fields.code) {
				// The code went bad meanwhile (used, revoked, expired) or was tampered with: back to step 1.
				return fail(e.status, {
					step: 'code' as const,
					typedCode: '',
					message: null,
					codeError: e.fields.code ?? e.message
				});
			}
			return fail(e.status, {
				step: 'details' as const,
				activationCode: formatActivationCode(values.code ?? '').slice(0, 20),
				firstName: (values.firstName ?? '').slice(0, 80),
				message: e.message,
				fields: e.fields,
				values: refill(values)
			});
		}
		redirect(303, '/compte/cles-d-acces?bienvenue=1');
	}
};
