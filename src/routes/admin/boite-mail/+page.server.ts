import { error } from '@sveltejs/kit';
import { desc } from 'drizzle-orm';
import { getApp } from '$lib/server/app';
import { can } from '$lib/server/platform/access';
import { outboxMessages } from '$lib/server/platform/mail';
import type { PageServerLoad } from './$types';

/** The outbox: messages stored instead of sent. Only for a platform admin, only in demo mode. */
export const load: PageServerLoad = async ({ locals }) => {
	const app = await getApp();
	const actor = locals.actor;
	if (!app.config.demo || !actor || !can(actor, 'read', 'outbox', { structureId: null, networkId: null })) {
		error(404, "Cette page n'existe pas.");
	}
	const rows = await app.db
		.select({
			id: outboxMessages.id,
			channel: outboxMessages.channel,
			recipient: outboxMessages.recipient,
			subject: outboxMessages.subject,
			text: outboxMessages.text,
			status: outboxMessages.status,
			createdAt: outboxMessages.createdAt
		})
		.from(outboxMessages)
		.orderBy(desc(outboxMessages.createdAt))
		.limit(100);
	const format = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
	return {
		messages: rows.map((m) => ({ ...m, createdAt: m.createdAt.toISOString(), when: format.format(m.createdAt) }))
	};
};
