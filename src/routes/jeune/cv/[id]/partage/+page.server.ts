import { error, redirect } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import {
	createShareLink,
	getCv,
	getSharingState,
	listShareLinks,
	MAX_ACTIVE_SHARE_LINKS,
	revokeShareLink,
	SHARE_LINK_DAYS,
	shareLinkQrSvg,
	shareLinkUrl,
	shareWithStaff,
	unshareWithStaff
} from '$lib/server/modules/cv';
import { requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { failFrom, readForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const dayTime = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

const publicOrigin = (publicUrl: string | null, url: URL) => (publicUrl ? new URL(publicUrl).origin : url.origin);

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	let cv;
	try {
		cv = await getCv(app, actor, params.id);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'not_found') error(404, e.message);
		throw e;
	}
	const [links, sharing] = await Promise.all([listShareLinks(app, actor, cv.id), getSharingState(app, actor, cv.id)]);
	const origin = publicOrigin(app.config.publicUrl, url);
	const active = links.filter((l) => l.active);
	const confirm = url.searchParams.get('retirer');
	return {
		cv: { id: cv.id, name: cv.name },
		links: await Promise.all(
			active.map(async (l) => {
				const href = shareLinkUrl(origin, l.token);
				return {
					id: l.id,
					url: href,
					qrSvg: await shareLinkQrSvg(href),
					viewCount: l.viewCount,
					lastViewed: l.lastViewedAt ? dayTime.format(l.lastViewedAt) : null,
					expires: day.format(l.expiresAt),
					created: day.format(l.createdAt)
				};
			})
		),
		stopped: links
			.filter((l) => !l.active)
			.slice(0, 5)
			.map((l) => ({ id: l.id, viewCount: l.viewCount, ended: day.format(l.revokedAt ?? l.expiresAt), revoked: !!l.revokedAt })),
		sharing: { shared: sharing.sharedWithStaff, since: sharing.sharedAt ? day.format(sharing.sharedAt) : null, referentName: sharing.referentName },
		days: SHARE_LINK_DAYS,
		max: MAX_ACTIVE_SHARE_LINKS,
		confirmRevoke: active.some((l) => l.id === confirm) ? confirm : null,
		done: url.searchParams.get('ok'),
		newest: url.searchParams.get('lien')
	};
};

export const actions: Actions = {
	creer: async ({ request, locals, params }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		let id: string;
		try {
			values = await readForm(request);
			id = (await createShareLink(app, locals.actor, params.id, { days: values.days })).id;
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/jeune/cv/${params.id}/partage?ok=cree&lien=${id}#lien-${id}`);
	},
	retirer: async ({ request, locals, params }) => {
		const app = await getApp();
		let values: Record<string, string> = {};
		try {
			values = await readForm(request);
			await revokeShareLink(app, locals.actor, params.id, values.id ?? '');
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/jeune/cv/${params.id}/partage?ok=retire`);
	},
	partager: async ({ locals, params }) => {
		const app = await getApp();
		try {
			await shareWithStaff(app, locals.actor, params.id);
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/jeune/cv/${params.id}/partage?ok=partage`);
	},
	arreter: async ({ locals, params }) => {
		const app = await getApp();
		try {
			await unshareWithStaff(app, locals.actor, params.id);
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/jeune/cv/${params.id}/partage?ok=arrete`);
	}
};
