/**
 * Browser side of the passkey ceremonies. `@simplewebauthn/browser` is loaded only when a button is
 * pressed, so pages stay small for everyone else.
 */

export const passkeysSupported = () =>
	typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';

export class PasskeyError extends Error {
	constructor(
		message: string,
		readonly cancelled = false
	) {
		super(message);
	}
}

async function postJson<T>(path: string, body: unknown, fallback: string): Promise<T> {
	let response: Response;
	try {
		response = await fetch(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body),
			credentials: 'same-origin'
		});
	} catch {
		throw new PasskeyError('Pas de connexion internet. Vérifier le réseau puis réessayer.');
	}
	const data = (await response.json().catch(() => null)) as (T & { message?: string }) | null;
	if (!response.ok || !data) throw new PasskeyError(data?.message ?? fallback);
	return data;
}

/** True when the person closed the system dialog (or it timed out): not an error to shout about. */
function isCancellation(error: unknown): boolean {
	const name = (error as { name?: string } | null)?.name;
	return name === 'NotAllowedError' || name === 'AbortError';
}

export async function signInWithPasskey(redirection?: string): Promise<string> {
	const { startAuthentication } = await import('@simplewebauthn/browser');
	const fallback = "Connexion impossible avec cette clé d’accès. Réessayer, ou choisir une autre façon de se connecter.";
	const optionsJSON = await postJson<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/connexion/cle/options', {}, fallback);
	let response;
	try {
		response = await startAuthentication({ optionsJSON });
	} catch (e) {
		if (isCancellation(e)) throw new PasskeyError("Connexion annulée. Réessayer, ou choisir une autre façon de se connecter.", true);
		throw new PasskeyError(fallback);
	}
	const result = await postJson<{ redirect: string }>('/connexion/cle/verification', { response, redirection }, fallback);
	return result.redirect;
}

export async function registerPasskey(messages: { cancelled: string; failed: string; duplicate: string }): Promise<{ id: string; label: string }> {
	const { startRegistration } = await import('@simplewebauthn/browser');
	const optionsJSON = await postJson<Parameters<typeof startRegistration>[0]['optionsJSON']>(
		'/compte/cles-d-acces/options',
		{},
		messages.failed
	);
	let response;
	try {
		response = await startRegistration({ optionsJSON });
	} catch (e) {
		const name = (e as { name?: string; code?: string } | null)?.name;
		const code = (e as { code?: string } | null)?.code;
		if (name === 'InvalidStateError' || code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') throw new PasskeyError(messages.duplicate);
		if (isCancellation(e)) throw new PasskeyError(messages.cancelled, true);
		throw new PasskeyError(messages.failed);
	}
	return postJson<{ id: string; label: string }>('/compte/cles-d-acces/enregistrement', { response }, messages.failed);
}
