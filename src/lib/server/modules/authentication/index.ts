import './authentication.errors';

export { hashPassword, verifyPassword } from './authentication.passwords';
export { checkNewPassword, PASSWORD_MIN, PASSWORD_MAX, type Audience, type PasswordContext } from './authentication.password-policy';
export {
	audienceFor,
	changePassword,
	findValidResetLink,
	hasPassword,
	openSession,
	requestPasswordReset,
	requestSignInCode,
	resetPassword,
	signInWithCode,
	signInWithPassword,
	RESET_LINK_MINUTES,
	SIGN_IN_CODE_MAX_ATTEMPTS,
	SIGN_IN_CODE_MINUTES,
	type AuthDeps,
	type SignedIn
} from './authentication.usecases';
export {
	changePasswordSchema,
	codeCheckSchema,
	codeRequestSchema,
	newPasswordSchema,
	parseDestination,
	passwordSignInSchema,
	resetRequestSchema,
	type Destination
} from './authentication.validation';
export { formatWait, INVALID_CREDENTIALS_MESSAGE } from './authentication.errors';
export {
	clearSessionCookie,
	clientAddress,
	landingPath,
	MFA_CHALLENGE_PATH,
	safeRedirect,
	setSessionCookie,
	userAgentOf
} from './authentication.http';
export { setPassword, setPasswordHash } from './authentication.credentials';
