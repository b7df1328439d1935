import { getApp } from '$lib/server/app';
import { RETENTION_DAYS } from '$lib/server/modules/contact-requests';
import { closureToAnnounce, findMissionLocaleFor, publicHoursOf } from '$lib/server/modules/structures';
import { parisDay } from '$lib/appointments/time';
import type { PageServerLoad } from './$types';

/** After sending: which Mission Locale received the request (public directory data only). */
export const load: PageServerLoad = async ({ url }) => {
	const app = await getApp();
	const commune = (url.searchParams.get('commune') ?? '').slice(0, 5);
	const id = (url.searchParams.get('ml') ?? '').slice(0, 36);
	const now = app.now();
	const matches = /^[0-9][0-9AB][0-9]{3}$/.test(commune) ? await findMissionLocaleFor(app.db, { communeCode: commune }, now) : [];
	const ml = matches.find((m) => m.id === id) ?? null;
	return {
		retentionMonths: Math.round(RETENTION_DAYS / 30.4),
		missionLocale: ml && {
			name: ml.name,
			phone: ml.phone,
			email: ml.email,
			sites: ml.sites.slice(0, 2).map((s) => ({
				id: s.id,
				name: s.name,
				addressLine: s.addressLine,
				postalCode: s.postalCode,
				city: s.city,
				phone: s.phone,
				today: publicHoursOf(ml, s, now).today
			})),
			closure: closureToAnnounce(ml.closures, parisDay(now))
		}
	};
};
