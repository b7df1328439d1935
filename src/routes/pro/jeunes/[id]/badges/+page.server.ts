import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { KIND_LABELS, listYouthBadges, revokeBadge } from '$lib/server/modules/badges';
import { requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/** The badges of a youth, for the staff of their Mission Locale: list and revocation with a reason. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	try {
		const { youthName, badges } = await listYouthBadges(app, actor, params.id);
		return {
			youth: { id: params.id, name: youthName },
			badges: badges.map((b) => ({
				id: b.id,
				name: b.name,
				kindLabel: KIND_LABELS[b.kind],
				issuedOn: day.format(b.issuedAt),
				revokedOn: b.revokedAt ? day.format(b.revokedAt) : null,
				reason: b.revocationReason
			}))
		};
	} catch (e) {
		if (isDomainError(e) && (e.kind === 'not_found' || e.kind === 'forbidden')) error(404, 'Ce jeune n’existe pas ou n’est pas suivi par votre Mission Locale.');
		throw e;
	}
};

export const actions: Actions = {
	retirer: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			const row = await revokeBadge(app, locals.actor, { badgeId: values.id, reason: values.reason });
			return { revoked: row.id };
		});
	}
};
