import type { Database } from '../../db/client';
import type { Deps as AppDeps } from '$lib/server/app';
import { cancelFutureAppointmentsOfYouth, nextAppointmentsByYouth, sendCancellationMails } from '../appointments';

/**
 * The appointments module's side of follow-up: the next appointment of each youth (caseload and
 * file) and the cancellation of future appointments on transfer. Kept in one file so the
 * dependency is visible.
 */
export async function nextAppointments(
	db: Database,
	youthIds: readonly string[],
	now: Date
): Promise<Map<string, { startsAt: Date; mode: string | null; counselorName: string | null }>> {
	const found = await nextAppointmentsByYouth(db, [...youthIds], now);
	return new Map([...found].map(([id, a]) => [id, { startsAt: a.startsAt, mode: a.mode, counselorName: a.counselorName }]));
}

export type CancelledAppointment = Awaited<ReturnType<typeof cancelFutureAppointmentsOfYouth>>[number];

export async function cancelFutureAppointments(tx: Database, input: { youthId: string; at: Date; reason: string }): Promise<CancelledAppointment[]> {
	return cancelFutureAppointmentsOfYouth(tx, input);
}

/** After the commit: the cancellation e-mails (with their `.ics` CANCEL) of those appointments. */
export async function mailCancellations(deps: Pick<AppDeps, 'db' | 'now' | 'mailer' | 'config' | 'logger'>, rows: readonly CancelledAppointment[]): Promise<void> {
	await sendCancellationMails(deps, rows);
}
