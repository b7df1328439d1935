import { presenterActions, presenterSnapshotOr404, qrSvg } from './controls.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const snapshot = await presenterSnapshotOr404(event);
	const joinUrl = snapshot.workshop.joinPath ? new URL(snapshot.workshop.joinPath, event.url.origin).href : null;
	const remoteUrl = new URL(`/pro/ateliers/${snapshot.workshop.id}/telecommande`, event.url.origin).href;
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		snapshot,
		joinUrl,
		joinQr: joinUrl ? await qrSvg(joinUrl) : null,
		remoteUrl,
		remoteQr: await qrSvg(remoteUrl)
	};
};

export const actions: Actions = presenterActions;
