import { error, fail, type RequestEvent } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { getApp } from '$lib/server/app';
import { controlWorkshop, getPresenterSnapshot, openLobby, removePlayer } from '$lib/server/modules/workshops';
import { handleForm } from '$lib/server/platform/http/forms';
import { CONTROL_ACTIONS, type ControlAction } from '$lib/workshops/live';

/** The presenter's snapshot, or 404 for anyone who is not staff of the workshop's Mission Locale. */
export async function presenterSnapshotOr404(event: Pick<RequestEvent, 'locals' | 'params'>) {
	const app = await getApp();
	const snapshot = await getPresenterSnapshot(app, event.locals.actor, (event.params as { id: string }).id);
	if (!snapshot) error(404, 'Cet atelier est introuvable, ou il n’est pas de votre Mission Locale.');
	return snapshot;
}

/** A QR code as an SVG document, dark on white, readable from the back of a room. */
export const qrSvg = (url: string) =>
	QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });

const isControl = (value: string): value is ControlAction => (CONTROL_ACTIONS as readonly string[]).includes(value);

/**
 * The presenter's form actions, shared by the projector page and the remote (`telecommande`):
 * plain POST forms (they work without JavaScript), `use:enhance` only smooths.
 */
export const presenterActions = {
	/** `action` (start, reveal, next…) with the `version` of the state the button was shown for. */
	controle: async ({ request, locals, params }: RequestEvent) => {
		return handleForm(request, async (values) => {
			const app = await getApp();
			const action = values.action ?? '';
			const version = Number.parseInt(values.version ?? '', 10);
			if (!isControl(action) || !Number.isInteger(version)) {
				return fail(400, { code: 'workshops.control_refused', message: 'Cette action n’est pas possible maintenant.', fields: {}, values: {} });
			}
			const { applied } = await controlWorkshop(app, locals.actor, (params as { id: string }).id, { action, version });
			return { applied };
		});
	},
	/** Removes a participant (`player`), after the confirmation shown on the page. */
	retirer: async ({ request, locals, params }: RequestEvent) => {
		return handleForm(request, async (values) => {
			const app = await getApp();
			await removePlayer(app, locals.actor, (params as { id: string }).id, values.player ?? '');
			return { removed: true };
		});
	},
	/** Opens the lobby (join code) of a scheduled workshop. */
	ouvrir: async ({ request, locals, params }: RequestEvent) => {
		return handleForm(request, async () => {
			const app = await getApp();
			await openLobby(app, locals.actor, (params as { id: string }).id);
			return { opened: true };
		});
	}
};
