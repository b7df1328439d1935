import type { Database } from '../../db/client';
import { isStaff, type Actor } from '../../platform/access';
import { createAccountsRepository, type YouthListFilter, type YouthListItem } from '../accounts';
import { getFollowUpSettings } from '../structures';
import { nextAppointments } from './follow-up.appointments';

export type CaseloadSort = 'contact' | 'name' | 'appointment';

export interface NextAppointment {
	startsAt: Date;
	mode: string | null;
	counselorName: string | null;
}

export interface CaseloadItem extends YouthListItem {
	nextAppointment: NextAppointment | null;
}

export interface Caseload {
	items: CaseloadItem[];
	counts: { total: number; mine: number; recontact: number };
	recontactAfterDays: number;
}

/**
 * « Mes jeunes »: the youth of the actor's structure with their latest news, the "à recontacter"
 * flag (structure's delay) and their next appointment. Filtering, the "à recontacter" computation,
 * counts and the contact/name orders run in SQL; the order by next appointment sorts the (at most
 * 500) listed youth by the appointments module's answer. Null for anyone who is not staff.
 */
export async function getCaseload(
	deps: { db: Database; now: () => Date },
	actor: Actor | null,
	query: { filter: YouthListFilter; sort: CaseloadSort; search: string }
): Promise<Caseload | null> {
	if (!actor || !isStaff(actor) || !actor.structureId) return null;
	const settings = await getFollowUpSettings(deps.db, actor.structureId);
	const recontactAfterDays = settings?.recontactAfterDays ?? 30;
	const repo = createAccountsRepository({ db: deps.db, actor, now: deps.now });
	const [youth, counts] = await Promise.all([
		repo.listYouth({
			filter: query.filter,
			search: query.search,
			sort: query.sort === 'name' ? 'name' : 'contact',
			recontactAfterDays
		}),
		repo.countYouth({ recontactAfterDays })
	]);
	const next = await nextAppointments(
		deps.db,
		youth.map((y) => y.id),
		deps.now()
	);
	const items = youth.map((y) => ({ ...y, nextAppointment: next.get(y.id) ?? null }));
	if (query.sort === 'appointment') {
		// Stable sort: youth without an appointment keep the "oldest news first" order, after the others.
		items.sort((a, b) => {
			if (a.nextAppointment && b.nextAppointment) return a.nextAppointment.startsAt.getTime() - b.nextAppointment.startsAt.getTime();
			return a.nextAppointment ? -1 : b.nextAppointment ? 1 : 0;
		});
	}
	return { items, counts, recontactAfterDays };
}

/** The next appointment of one youth (the file's summary), for code that has checked access. */
export async function nextAppointmentOf(db: Database, youthId: string, now: Date): Promise<NextAppointment | null> {
	return (await nextAppointments(db, [youthId], now)).get(youthId) ?? null;
}
