import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getPushSettings, getYouthConversation, markRead, readMessageForm, sendMessageToYouth } from '$lib/server/modules/messaging';
import { requireActor } from '$lib/server/platform/access';
import { failFrom } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const page = await getYouthConversation(app, actor, { limit: 100 });
	// Opening the page means having read what it shows.
	if (page && page.lastSeq > page.lastReadSeq) await markRead(app, actor, { conversationId: page.conversationId, seq: page.lastSeq });
	// No notification on this device yet: the page points to where to turn them on.
	const push = await getPushSettings(app, actor, locals.session?.id ?? null);
	return { messages: page?.messages ?? [], clientId: randomUUID(), suggestPush: push.available && push.endpoints.length === 0 };
};

export const actions: Actions = {
	envoyer: async ({ request, locals }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			const form = await readMessageForm(request);
			values = form.values;
			if (form.problem) throw form.problem;
			const actor = requireActor(locals.actor);
			await sendMessageToYouth(app, actor, { youthId: actor.userId, clientId: values.clientId ?? '', body: values.body ?? '', attachment: form.file });
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, '/jeune/messages');
	}
};
