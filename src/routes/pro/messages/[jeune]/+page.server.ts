import { randomUUID } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createAccountsRepository } from '$lib/server/modules/accounts';
import { listMessages, markRead, openConversation, sendMessage, throttleSends } from '$lib/server/modules/messaging';
import { isStaff, requireActor } from '$lib/server/platform/access';
import { handleForm } from '$lib/server/platform/http/forms';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = "Ce jeune n'existe pas ou n'est pas suivi par votre Mission Locale.";

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const file = isStaff(actor) ? await createAccountsRepository({ db: app.db, actor, now: app.now }).getYouthFile(params.jeune) : null;
	if (!file) error(404, NOT_FOUND);
	try {
		const conversation = await openConversation(app, actor, file.id);
		const page = await listMessages(app, actor, conversation.id, { limit: 100 });
		if (page.lastSeq > page.lastReadSeq) await markRead(app, actor, { conversationId: conversation.id, seq: page.lastSeq });
		return {
			youth: { id: file.id, firstName: file.firstName, lastName: file.lastName },
			conversationId: conversation.id,
			messages: page.messages,
			clientId: randomUUID()
		};
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, NOT_FOUND);
		throw e;
	}
};

export const actions: Actions = {
	envoyer: async ({ request, locals, params }) => {
		const app = await getApp();
		const result = await handleForm(request, async (values) => {
			const conversation = await openConversation(app, locals.actor, params.jeune);
			await throttleSends(app, locals.actor);
			await sendMessage(app, locals.actor, { conversationId: conversation.id, clientId: values.clientId ?? '', body: values.body ?? '' });
			return null;
		});
		if (result) return result;
		redirect(303, `/pro/messages/${params.jeune}`);
	}
};
