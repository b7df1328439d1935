export { ROLES, type Role } from './accounts.schema';
export {
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
