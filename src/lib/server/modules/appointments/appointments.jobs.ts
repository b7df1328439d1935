import { registerJobHandler, type JobDeps } from '$lib/server/platform/jobs';
import { sendDueReminders } from './appointments.usecases';

/** The recurring job that sends appointment reminders (in the app and by e-mail). */
export const REMINDERS_JOB = 'appointments.reminders';
/** How often the reminders job runs. */
export const REMINDERS_EVERY_MINUTES = 10;

/** Sends what is due, then schedules the next run (one pending run is kept by the registry). */
export function remindersHandler(deps: JobDeps) {
	return async () => {
		try {
			const sent = await sendDueReminders(deps);
			if (sent > 0) deps.logger.info({ sent }, 'appointment reminders sent');
		} finally {
			await deps.jobs.enqueue(REMINDERS_JOB, {}, { runAt: new Date(deps.now().getTime() + REMINDERS_EVERY_MINUTES * 60_000) });
		}
	};
}

registerJobHandler(REMINDERS_JOB, remindersHandler, { recurring: true });
