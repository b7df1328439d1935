import { registerRecurringJob } from '$lib/server/platform/jobs';
import { sendDueReminders } from './appointments.usecases';

/** The recurring job that sends appointment reminders (in the app and by e-mail). */
export const REMINDERS_JOB = 'appointments.reminders';
/** How often the reminders job runs. */
export const REMINDERS_EVERY_MINUTES = 10;

/** Sends what is due, then schedules the next run (one pending run is kept by the registry). */
export const remindersHandler = registerRecurringJob(REMINDERS_JOB, REMINDERS_EVERY_MINUTES * 60_000, sendDueReminders, 'appointment reminders sent');
