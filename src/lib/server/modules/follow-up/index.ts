import './follow-up.errors';

export {
	JOURNAL_KINDS,
	STEP_MODES,
	STEP_STATUSES,
	WRITABLE_JOURNAL_KINDS,
	type JournalKind,
	type StepMode,
	type StepStatus,
	type WritableJournalKind
} from './follow-up.schema';
export { MAX_JOURNAL_LENGTH, MAX_STEPS, transferInput } from './follow-up.validation';
export {
	EDIT_WINDOW_MS,
	getMyNextSteps,
	listJournal,
	listSteps,
	type JournalEntryView,
	type StepView
} from './follow-up.repository';
export {
	addJournalEntry,
	addStep,
	deleteJournalEntry,
	deleteStep,
	editJournalEntry,
	editStep,
	moveStep,
	setStepStatus,
	transferYouth
} from './follow-up.usecases';
export { getCaseload, nextAppointmentOf, type Caseload, type CaseloadItem, type CaseloadSort, type NextAppointment } from './follow-up.queries';
