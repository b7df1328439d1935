/**
 * The browser side of web push (/compte, "Notifications sur ce téléphone"): is it possible here,
 * the service worker's registration, and the form actions that record or forget this device.
 */
import { deserialize } from '$app/forms';

/** Push needs a service worker, the Push API and notifications (iPhone: only once added to the home screen). */
export function pushSupported(): boolean {
	return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** The service worker's registration, or null when none answers within `ms` (private mode, blocked). */
export async function workerRegistration(ms = 5000): Promise<ServiceWorkerRegistration | null> {
	const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));
	return Promise.race([navigator.serviceWorker.ready, timeout]).catch(() => null);
}

/** The VAPID public key (base64url) as `applicationServerKey` wants it. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
	const raw = atob(base64);
	const bytes = new Uint8Array(new ArrayBuffer(raw.length));
	for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
	return bytes;
}

/** Posts to a form action of the current page as `use:enhance` does; returns the French refusal, or null when done. */
export async function postAction(action: string, fields: Record<string, string>): Promise<string | null> {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.set(name, value);
	try {
		const response = await fetch(`?/${action}`, {
			method: 'POST',
			body: form,
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
			credentials: 'same-origin'
		});
		const result = deserialize(await response.text());
		if (result.type === 'success') return null;
		if (result.type === 'failure') return String((result.data as { message?: unknown } | undefined)?.message ?? 'Cela n’a pas marché.');
		return 'Cela n’a pas marché. Rechargez la page et réessayez.';
	} catch {
		return 'Pas de réseau : réessayez quand la connexion revient.';
	}
}
