import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { workshopResultsCsv } from '$lib/server/modules/workshops';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RequestHandler } from './$types';

/** The results of an ended workshop as a CSV file for French spreadsheets (names of participants: never cached). */
export const GET: RequestHandler = async ({ locals, params }) => {
	const app = await getApp();
	try {
		const { filename, csv } = await workshopResultsCsv(app, locals.actor, params.id);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${filename}"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (e) {
		if (isDomainError(e)) error(e.status, e.message);
		throw e;
	}
};
