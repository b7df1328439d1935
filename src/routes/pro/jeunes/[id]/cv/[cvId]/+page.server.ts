import { error } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { getApp } from '$lib/server/app';
import { createAccountsRepository } from '$lib/server/modules/accounts';
import { addComment, CV_COMMENT_SECTIONS, getSharedCvForStaff, listCommentsForStaff, MAX_COMMENT_LENGTH } from '$lib/server/modules/cv';
import { requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const dayTime = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });
const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/**
 * A CV the youth shared with their Mission Locale, read by its staff, with a comment form under
 * each part. Each form carries a fresh comment id: sent twice (double click, retry, reload), the
 * comment is stored once.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireActor(locals.actor);
	const app = await getApp();
	let cv;
	let comments;
	try {
		cv = await getSharedCvForStaff(app, actor, params.id, params.cvId);
		comments = await listCommentsForStaff(app, actor, params.id, params.cvId);
	} catch (e) {
		if (isDomainError(e) && (e.kind === 'not_found' || e.kind === 'forbidden')) error(404, 'Ce CV n’existe pas ou n’est pas partagé avec vous.');
		throw e;
	}
	const file = await createAccountsRepository({ db: app.db, actor, now: app.now }).getYouthFile(params.id);
	return {
		youth: { id: params.id, name: file ? `${file.firstName} ${file.lastName}`.trim() : '' },
		cv: { id: cv.cvId, name: cv.name, template: cv.template, draft: cv.draft, hasPhoto: cv.hasPhoto, sharedOn: day.format(cv.sharedAt), updatedOn: day.format(cv.updatedAt) },
		comments: comments.map((c) => ({ id: c.id, section: c.section, body: c.body, authorName: c.authorName, mine: c.mine, at: dayTime.format(c.createdAt), resolved: !!c.resolvedAt })),
		newIds: Object.fromEntries(CV_COMMENT_SECTIONS.map((s) => [s, randomUUID()])) as Record<(typeof CV_COMMENT_SECTIONS)[number], string>,
		maxLength: MAX_COMMENT_LENGTH
	};
};

export const actions: Actions = {
	commenter: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			const { comment } = await addComment(app, locals.actor, params.id, params.cvId, { id: values.id, section: values.section, body: values.body });
			return { done: comment.section };
		});
	}
};
