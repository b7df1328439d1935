import { registerPurge } from '$lib/server/platform/maintenance/maintenance';
import './contact-requests.errors';
import { purgeOldContactRequests } from './contact-requests.usecases';

registerPurge(purgeOldContactRequests);

export {
	CLOSE_REASONS,
	CONTACT_REQUEST_STATUSES,
	PREFERRED_TIMES,
	type CloseReason,
	type ContactRequestStatus,
	type PreferredTime
} from './contact-requests.schema';
export {
	assignContactRequest,
	closeContactRequest,
	convertContactRequest,
	HONEYPOT_FIELD,
	markContactRequestContacted,
	purgeOldContactRequests,
	RETENTION_DAYS,
	submitContactRequest,
	type SubmittedContactRequest
} from './contact-requests.usecases';
export {
	CLOSE_REASON_LABELS,
	getContactRequest,
	listContactRequests,
	PREFERRED_TIME_LABELS,
	STATUS_LABELS,
	type ContactRequestItem
} from './contact-requests.queries';
export { FIRST_NAME_MAX, MESSAGE_MAX } from './contact-requests.validation';
export { countNewContactRequests } from './contact-requests.counts';
