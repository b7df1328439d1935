import { error, fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { findAccountById } from '$lib/server/modules/accounts';
import {
	cancelTotpReplacement,
	confirmTotpEnrolment,
	disableTotp,
	getTotpStatus,
	regenerateRecoveryCodes,
	startTotpEnrolment,
	startTotpReplacement
} from '$lib/server/modules/mfa';
import { requireActor } from '$lib/server/platform/access';
import { failFrom, readForm } from '$lib/server/platform/http/forms';
import { homeFor } from '$lib/server/platform/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	// The authenticator-app second factor is for professional accounts; youth use passkeys.
	if (actor.role === 'youth') redirect(303, '/compte');
	const app = await getApp();
	const account = await findAccountById(app.db, actor.userId);
	if (!account) error(404, 'Ce compte n’existe plus.');
	const status = await getTotpStatus(app, actor);
	const enrolment =
		status.state === 'on' && !status.replacing
			? null
			: await startTotpEnrolment(app, actor, { accountLabel: account.email ?? `${account.firstName} ${account.lastName}`.trim() });
	return {
		state: status.state,
		required: status.required,
		replacing: status.replacing,
		confirmedAt: status.confirmedAt,
		recoveryCodesLeft: status.recoveryCodesLeft,
		enrolment: enrolment && { secretGrouped: enrolment.secretGrouped, qrSvg: enrolment.qrSvg, uri: enrolment.uri },
		home: homeFor(actor),
		/** Signed in with a recovery code and few are left (set by the sign-in challenge). */
		lowRecoveryCodes: status.state === 'on' && url.searchParams.has('secours')
	};
};

type Which = 'confirm' | 'renew' | 'disable' | 'replace';

/** Runs a form and tags a failure with the form it came from (the page has several code fields). */
async function run<T>(request: Request, which: Which, fn: (values: Record<string, string>) => Promise<T>) {
	let values: Record<string, string> = {};
	try {
		values = await readForm(request);
		return await fn(values);
	} catch (error) {
		const failure = failFrom(error, values);
		return fail(failure.status, { ...failure.data, which });
	}
}

export const actions: Actions = {
	confirm: async ({ request, locals }) => {
		const app = await getApp();
		return run(request, 'confirm', async (values) => {
			const { recoveryCodes, replaced } = await confirmTotpEnrolment(app, locals.actor, values);
			return { done: replaced ? ('replaced' as const) : ('confirmed' as const), recoveryCodes };
		});
	},
	renew: async ({ request, locals }) => {
		const app = await getApp();
		return run(request, 'renew', async (values) => {
			const { recoveryCodes } = await regenerateRecoveryCodes(app, locals.actor, values);
			return { done: 'renewed' as const, recoveryCodes };
		});
	},
	replace: async ({ request, locals }) => {
		const app = await getApp();
		return run(request, 'replace', async (values) => {
			await startTotpReplacement(app, locals.actor, values);
			return { done: 'replacing' as const, recoveryCodes: [] as string[] };
		});
	},
	cancel: async ({ request, locals }) => {
		const app = await getApp();
		return run(request, 'replace', async () => {
			await cancelTotpReplacement(app, locals.actor);
			return { done: 'cancelled' as const, recoveryCodes: [] as string[] };
		});
	},
	disable: async ({ request, locals }) => {
		const app = await getApp();
		return run(request, 'disable', async (values) => {
			await disableTotp(app, locals.actor, values);
			return { done: 'disabled' as const, recoveryCodes: [] as string[] };
		});
	}
};
