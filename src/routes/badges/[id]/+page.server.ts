import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { getPublicBadge, KIND_LABELS } from '$lib/server/modules/badges';
import type { PageServerLoad } from './$types';

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/** A badge's public page (its credential id): what it proves and whether it is still valid. Never indexed. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const app = await getApp();
	setHeaders({ 'x-robots-tag': 'noindex, nofollow, noarchive', 'cache-control': 'no-store' });
	const badge = await getPublicBadge(app, params.id);
	if (!badge) error(404, 'Ce badge n’existe pas ou le lien est incomplet.');
	return {
		id: badge.id,
		name: badge.name,
		kindLabel: KIND_LABELS[badge.kind],
		issuerName: badge.issuerName,
		subjectName: badge.subjectName,
		description: badge.description,
		criteria: badge.criteria,
		issuedOn: day.format(badge.issuedAt),
		revokedOn: badge.revokedAt ? day.format(badge.revokedAt) : null,
		revocationReason: badge.revocationReason
	};
};
