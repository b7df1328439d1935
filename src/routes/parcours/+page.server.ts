import { getApp } from '$lib/server/app';
import { getCatalogue, readGuestId } from '$lib/server/modules/learning';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies }) => {
	const app = await getApp();
	const catalogue = await getCatalogue(app, { actor: locals.actor, guestId: readGuestId(cookies) });
	return {
		summary: catalogue.summary,
		modules: catalogue.modules.map((m) => ({
			slug: m.slug,
			versionId: m.versionId,
			title: m.title,
			summary: m.summary,
			theme: m.theme,
			emoji: m.emoji,
			minutes: m.minutes,
			questionCount: m.questionCount,
			author: m.author,
			status: m.progress.status,
			answered: m.progress.answered,
			total: m.progress.total,
			badge: !!m.progress.badgeEarnedAt,
			due: m.progress.due.length
		}))
	};
};
