export { SIGN_IN_FAILED_MESSAGE } from './passkeys.errors';
export { listMyPasskeys, type PasskeyListItem } from './passkeys.queries';
export {
	CHALLENGE_TTL_MS,
	deletePasskey,
	finishPasskeyRegistration,
	finishPasskeySignIn,
	renamePasskey,
	startPasskeyRegistration,
	startPasskeySignIn,
	type PasskeySignInResult
} from './passkeys.usecases';
export { relyingPartyFor, type RelyingParty } from './passkeys.webauthn';
export { jsonError, readJsonBody } from './passkeys.http';
