import { redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getMyBadges, issueBadge, KIND_LABELS, publicOrigin } from '$lib/server/modules/badges';
import { requireActor } from '$lib/server/platform/access';
import { failFrom, readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	const page = await getMyBadges(
		{ ...app, onSourceError: (kind, error) => app.logger.error({ err: error, kind }, 'badges: achievement source failed') },
		actor
	);
	const origin = publicOrigin(app.config.publicUrl, url);
	return {
		structureName: page.structureName,
		available: page.available.map((a) => ({
			kind: a.kind,
			kindLabel: KIND_LABELS[a.kind],
			ref: a.ref,
			name: a.name,
			criteria: a.criteria,
			achievedOn: day.format(a.achievedAt)
		})),
		badges: page.badges.map((b) => ({
			id: b.id,
			kindLabel: KIND_LABELS[b.kind],
			name: b.name,
			issuedOn: day.format(b.issuedAt),
			revokedOn: b.revokedAt ? day.format(b.revokedAt) : null,
			revocationReason: b.revocationReason,
			publicUrl: `${origin}/badges/${b.id}`
		})),
		unavailable: page.unavailable.map((kind) => KIND_LABELS[kind]),
		newest: url.searchParams.get('nouveau')
	};
};

export const actions: Actions = {
	obtenir: async ({ request, locals, url }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		let id: string;
		try {
			values = await readForm(request);
			id = (await issueBadge(app, locals.actor, { kind: values.kind, ref: values.ref, origin: publicOrigin(app.config.publicUrl, url) })).id;
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/jeune/badges?nouveau=${id}#badge-${id}`);
	}
};
