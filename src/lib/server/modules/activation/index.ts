export {
	CODE_VALIDITY_DAYS,
	formatActivationCode,
	hashActivationCode,
	normalizeActivationCode
} from './activation.codes';
export { INVALID_ACTIVATION_CODE_MESSAGE } from './activation.errors';
export { activationQrSvg, activationUrl } from './activation.qr';
export {
	listActivationCodes,
	STATUS_LABELS,
	statusOf,
	type ActivationCodeListItem,
	type ActivationCodeStatus
} from './activation.queries';
export {
	activateYouthAccount,
	checkActivationCode,
	createActivationCode,
	revokeActivationCode,
	type CreatedActivationCode
} from './activation.usecases';
