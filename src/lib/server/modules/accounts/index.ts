import './accounts.errors';

export { CONTACT_CHANNELS, ROLES, type ContactChannel, type Role } from './accounts.schema';
export {
	anyAccountWithRole,
	createProfessionalAccount,
	createYouthAccount,
	findAccountByEmail,
	findAccountById,
	findAccountByPhone,
	normalizeEmail,
	normalizePhone,
	setAccountEmail,
	type AccountIdentity,
	type NewProfessional,
	type NewYouth
} from './accounts.identity';
export {
	createAccountsRepository,
	QUIET_AFTER_DAYS,
	type AccountsRepository,
	type YouthFile,
	type YouthListFilter,
	type YouthListItem
} from './accounts.repository';
export { changeReferent, recordContact, touchYouthActivity } from './accounts.usecases';
export { youthListQuery } from './accounts.validation';
export { getYouthHome, nextOpening, type NextOpening, type YouthHome } from './accounts.queries';
