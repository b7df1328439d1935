import './accounts.errors';

export { CONTACT_CHANNELS, ROLES, SITUATIONS, type ContactChannel, type Role, type Situation } from './accounts.schema';
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
	type LatestNewsChannel,
	type YouthListFilter,
	type YouthListItem,
	type YouthListSort
} from './accounts.repository';
export {
	changeReferent,
	displayNames,
	findYouthPlace,
	moveYouthToStructure,
	parisToday,
	recordContact,
	touchYouthActivity,
	updateSituation
} from './accounts.usecases';
export { youthListQuery } from './accounts.validation';
export { getYouthHome, nextOpening, type NextOpening, type YouthHome } from './accounts.queries';
