import { fail, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { clientAddress } from '$lib/server/modules/authentication';
import { AREAS, getDiagnosticState, startDiagnostic } from '$lib/server/modules/diagnostic';
import { guestIdFor, readGuestId } from '$lib/server/modules/learning';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, cookies }) => {
	const app = await getApp();
	const state = await getDiagnosticState(app, { actor: locals.actor, guestId: readGuestId(cookies) });
	return {
		state,
		areas: AREAS.map((a) => ({ code: a.code, title: a.title, plain: a.plain })),
		signedIn: locals.actor !== null,
		isYouth: locals.actor?.role === 'youth'
	};
};

async function start(event: RequestEvent, fresh: boolean) {
	const { locals, cookies } = event;
	const app = await getApp();
	let next: string;
	try {
		const guestId = locals.actor?.role === 'youth' ? null : await guestIdFor(app, cookies, clientAddress(event));
		({ nextItemId: next } = await startDiagnostic(app, { actor: locals.actor, guestId }, { fresh }));
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return fail(e.status, { message: e.message });
	}
	redirect(303, `/diagnostic/etape/${next}`);
}

export const actions: Actions = {
	start: (event) => start(event, false),
	restart: (event) => start(event, true)
};
