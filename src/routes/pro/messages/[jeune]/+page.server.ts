import { randomUUID } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { createAccountsRepository } from '$lib/server/modules/accounts';
import { listMessages, markRead, openConversation, postSystemMessage, readMessageForm, sendMessageToYouth } from '$lib/server/modules/messaging';
import { openCall } from '$lib/server/modules/calls';
import { getCatalogue } from '$lib/server/modules/learning';
import { isStaff, requireActor, type Actor } from '$lib/server/platform/access';
import { failFrom } from '$lib/server/platform/http/forms';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = "Ce jeune n'existe pas ou n'est pas suivi par votre Mission Locale.";

/** The published modules the youth can see (the counselor's structure is the youth's), to share as links. */
async function shareOptionsFor(app: Awaited<ReturnType<typeof getApp>>, actor: Actor) {
	const catalogue = await getCatalogue(app, { actor, guestId: null });
	return catalogue.modules.map((m) => ({ title: `${m.title} (${m.minutes} min)`, path: `/parcours/${m.slug}` }));
}

/** Without JavaScript the chosen module comes as a field: its link is added at the end of the text. */
function withSharedLink(body: string, share: string | undefined): string {
	if (!share || !/^\/parcours\/[a-z0-9-]{1,80}$/.test(share)) return body;
	return body.trim() ? `${body.trimEnd()}\n\n${share}` : share;
}

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
			clientId: randomUUID(),
			shareOptions: await shareOptionsFor(app, actor)
		};
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, NOT_FOUND);
		throw e;
	}
};

export const actions: Actions = {
	envoyer: async ({ request, locals, params }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			const form = await readMessageForm(request);
			values = form.values;
			if (form.problem) throw form.problem;
			await sendMessageToYouth(app, locals.actor, {
				youthId: params.jeune,
				clientId: values.clientId ?? '',
				body: withSharedLink(values.body ?? '', values.share),
				attachment: form.file
			});
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/pro/messages/${params.jeune}`);
	},
	/** "Appel vidéo": opens (or reuses) the call, invites the youth in the conversation, goes to it. */
	appel: async ({ locals, params }) => {
		const app = await getApp();
		let callId: string;
		try {
			const actor = requireActor(locals.actor);
			const call = await openCall(app, actor, { youthId: params.jeune, staffId: actor.userId });
			// The call's id is the message's: inviting twice to the same call posts one message.
			await postSystemMessage(app, {
				youthId: params.jeune,
				id: call.id,
				body: `Ta Mission Locale te propose un appel vidéo maintenant : /visio/${call.id}`
			});
			callId = call.id;
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/visio/${callId}`);
	}
};
