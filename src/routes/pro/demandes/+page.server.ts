import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { listContactRequests } from '$lib/server/modules/contact-requests';
import { can } from '$lib/server/platform/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	if (!actor || !can(actor, 'read', 'contact_request', { structureId: actor.structureId, networkId: actor.networkId })) {
		error(403, 'Les demandes de contact sont traitées par l’équipe de la Mission Locale qui les reçoit.');
	}
	const app = await getApp();
	const requests = await listContactRequests(app, actor);
	return {
		requests: requests.map((r) => ({
			id: r.id,
			firstName: r.firstName,
			communeName: r.communeName,
			status: r.status,
			statusLabel: r.statusLabel,
			assignedToName: r.assignedToId === actor.userId ? 'Vous' : r.assignedToName,
			createdAt: r.createdAt,
			waitingDays: r.waitingDays,
			preferredTime: r.preferredTime
		}))
	};
};
