import { fail } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { failFrom } from '$lib/server/platform/http/forms';
import { importCoverage, IMPORT_MAX_BYTES, listStructuresInScope } from '$lib/server/modules/structures';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const app = await getApp();
	const structures = await listStructuresInScope(app.db, locals.actor!);
	return { structures: structures.map((s) => ({ id: s.id, name: s.name, networkName: s.networkName })) };
};

const SHOWN_LINES = 300;

function decode(bytes: ArrayBuffer): string {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		// Spreadsheets often save CSV in Windows-1252; codes and identifiers read the same.
		return new TextDecoder('windows-1252').decode(bytes);
	}
}

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const app = await getApp();
		let data: FormData;
		try {
			data = await request.formData();
		} catch {
			return fail(400, { code: 'validation.invalid', message: 'Le fichier n’a pas pu être lu. Réessayez.', fields: {} as Record<string, string>, values: {} as Record<string, string> });
		}
		const file = data.get('file');
		const pasted = data.get('csv');
		const replace = data.get('replace') === 'on';
		let csv = '';
		let source: 'file' | 'text' = 'text';
		if (file instanceof File && file.size > 0) {
			if (file.size > IMPORT_MAX_BYTES) {
				return fail(400, {
					code: 'structures.import_too_large',
					message: 'Le fichier est trop gros : 2 Mo et 50 000 lignes au plus.',
					fields: { file: 'Le fichier est trop gros : 2 Mo au plus.' } as Record<string, string>,
					values: {} as Record<string, string>
				});
			}
			csv = decode(await file.arrayBuffer());
			source = 'file';
		} else if (typeof pasted === 'string') {
			csv = pasted;
		}
		try {
			const report = await importCoverage(app, locals.actor, { csv, replace });
			return {
				report: {
					source,
					replace,
					counts: report.counts,
					rejected: report.rejected.slice(0, SHOWN_LINES),
					rejectedHidden: Math.max(0, report.rejected.length - SHOWN_LINES),
					imported: report.imported.slice(0, SHOWN_LINES),
					importedHidden: Math.max(0, report.imported.length - SHOWN_LINES)
				}
			};
		} catch (error) {
			return failFrom(error, source === 'text' ? { csv: csv.slice(0, 500) } : {});
		}
	}
};
