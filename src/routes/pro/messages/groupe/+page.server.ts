import { randomUUID } from 'node:crypto';
import { fail } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createAccountsRepository } from '$lib/server/modules/accounts';
import { sendToGroup, throttleSends } from '$lib/server/modules/messaging';
import { isStaff, requireActor } from '$lib/server/platform/access';
import { failFrom, type FormFailure } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const youth = isStaff(actor) ? await createAccountsRepository({ db: app.db, actor, now: app.now }).listYouth({ limit: 500 }) : [];
	return {
		youth: youth.map((y) => ({ id: y.id, name: `${y.firstName} ${y.lastName}`.trim(), isMine: y.referentId === actor.userId })),
		clientId: randomUUID()
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const app = await getApp();
		let data: FormData;
		try {
			data = await request.formData();
		} catch {
			const unreadable: FormFailure = { code: 'validation.invalid', message: 'Le formulaire est illisible. Rechargez la page.', fields: {}, values: {} };
			return fail(400, unreadable);
		}
		// Checkboxes are named `jeune_<id>` (one field per youth).
		const youthIds = [...data.keys()].filter((k) => k.startsWith('jeune_')).map((k) => k.slice('jeune_'.length));
		const values = { clientId: String(data.get('clientId') ?? ''), body: String(data.get('body') ?? '').slice(0, 5000) };
		try {
			await throttleSends(app, locals.actor);
			const outcome = await sendToGroup(app, locals.actor, { youthIds, ...values });
			return { sent: outcome.sent + outcome.alreadySent };
		} catch (error) {
			const failure = failFrom(error, values);
			failure.data.values.selected = youthIds.join(',');
			return failure;
		}
	}
};
