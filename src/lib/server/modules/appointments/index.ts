import './appointments.errors';
import './appointments.jobs';

export { APPOINTMENT_MODES, ATTENDANCES, type AppointmentMode, type Attendance } from './appointments.schema';
export {
	bookAppointment,
	bookNewSlotForYouth,
	cancelAppointment,
	cancelFutureAppointmentsOfYouth,
	deleteSlot,
	joinAppointmentVideo,
	markAttendance,
	moveAppointment,
	publishSlots,
	reminderMessageId,
	REMINDER_WINDOW_HOURS,
	sendCancellationMails,
	sendDueReminders,
	type BookingOutcome
} from './appointments.usecases';
export {
	agendaOwners,
	BOOKING_HORIZON_DAYS,
	BOOKING_LEAD_MINUTES,
	bookableSites,
	closuresHiddenFromBooking,
	freeSlotsByDay,
	getAgenda,
	getAppointment,
	getFreeSlot,
	listYouthAppointments,
	liveAppointmentsWithin,
	nextAppointmentOf,
	nextAppointmentsByYouth,
	VIDEO_OPENS_MINUTES_BEFORE,
	youthToBookFor,
	type AppointmentView,
	type SiteView,
	type SlotView
} from './appointments.queries';
export { REMINDERS_EVERY_MINUTES, REMINDERS_JOB } from './appointments.jobs';
export { buildIcs, calendarUid } from './appointments.calendar';
export { DURATIONS, MAX_SLOTS_AT_ONCE, MAX_WEEKS, REASON_MAX } from './appointments.validation';
