import { parisDay } from '$lib/appointments/time';
import { getApp } from '$lib/server/app';
import {
	findCommune,
	findCommunesByPostalCode,
	findDepartment,
	findMissionLocaleFor,
	normalizeName,
	searchCommunes,
	publicHoursOf,
	closureToAnnounce,
	type MissionLocaleMatch
} from '$lib/server/modules/structures';
import type { PageServerLoad } from './$types';

type Search =
	| { kind: 'empty' }
	| { kind: 'invalid'; message: string }
	| { kind: 'choose'; communes: { code: string; label: string }[] }
	| { kind: 'result'; place: string; matches: MissionLocaleMatch[] };

async function search(q: string, communeCode: string): Promise<Search> {
	const app = await getApp();
	if (communeCode) {
		const commune = findCommune(communeCode);
		if (!commune) return { kind: 'invalid', message: 'Cette commune est inconnue. Tape ton code postal ou le nom de ta commune.' };
		return { kind: 'result', place: commune.name, matches: await findMissionLocaleFor(app.db, { communeCode: commune.code }, app.now()) };
	}
	if (!q) return { kind: 'empty' };
	if (/^\d{5}$/.test(q)) {
		const names = findCommunesByPostalCode(q).map((c) => c.name);
		const place = names.length ? `${q} (${names.length > 3 ? `${names.slice(0, 3).join(', ')}…` : names.join(', ')})` : q;
		return { kind: 'result', place, matches: await findMissionLocaleFor(app.db, { postalCode: q }, app.now()) };
	}
	if (/^\d+$/.test(q)) return { kind: 'invalid', message: 'Un code postal a 5 chiffres, par exemple 69003.' };
	if (q.length < 2) return { kind: 'invalid', message: 'Écris au moins 2 lettres du nom de ta commune.' };
	const found = searchCommunes(q, 8);
	if (found.length === 0) return { kind: 'result', place: q, matches: [] };
	const exact = found.filter((c) => normalizeName(c.name) === normalizeName(q));
	const only = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : null;
	if (only) return { kind: 'result', place: only.name, matches: await findMissionLocaleFor(app.db, { communeCode: only.code }, app.now()) };
	return {
		kind: 'choose',
		communes: found.map((c) => ({
			code: c.code,
			label: `${c.name} (${c.postalCodes[0] ?? ''}${findDepartment(c.departmentCode) ? `, ${findDepartment(c.departmentCode)!.name}` : ''})`
		}))
	};
}

export const load: PageServerLoad = async ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 80);
	const commune = (url.searchParams.get('commune') ?? '').trim().slice(0, 5);
	const result = await search(q, commune);
	const now = (await getApp()).now();
	return {
		q,
		result:
			result.kind === 'result'
				? {
						...result,
						matches: result.matches.map((m) => ({
							...m,
							sites: m.sites.map((s) => ({ ...s, hours: publicHoursOf(m, s, now) })),
							closure: closureToAnnounce(m.closures, parisDay(now))
						}))
					}
				: result
	};
};
