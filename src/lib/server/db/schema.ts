// Every table of the application, for the Drizzle client and drizzle-kit. Modules keep their own
// tables in `<module>.schema.ts`; this file only gathers them (add one line per new schema file).
export * from '../modules/structures/structures.schema';
export * from '../modules/accounts/accounts.schema';
export * from '../modules/activation/activation.schema';
export * from '../modules/staff/staff.schema';
export * from '../modules/authentication/authentication.schema';
export * from '../modules/passkeys/passkeys.schema';
export * from '../modules/mfa/mfa.schema';
export * from '../platform/session/session.schema';
export * from '../platform/rate-limit/rate-limit.schema';
export * from '../platform/mail/mail.schema';
export * from '../platform/push/push.schema';
export * from '../platform/jobs/jobs.schema';
export * from '../platform/audit/audit.schema';
export * from '../modules/learning/learning.schema';
export * from '../platform/realtime/realtime.schema';
export * from '../modules/messaging/messaging.schema';
export * from '../modules/contact-requests/contact-requests.schema';
export * from '../modules/follow-up/follow-up.schema';
export * from '../modules/calls/calls.schema';
export * from '../modules/appointments/appointments.schema';
export * from '../modules/cv/cv.schema';
export * from '../modules/badges/badges.schema';
export * from '../modules/diagnostic/diagnostic.schema';
export * from '../modules/soft-skills/soft-skills.schema';
export * from '../modules/workshops/workshops.schema';
