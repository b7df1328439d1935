import { presenterActions, presenterSnapshotOr404 } from '../animer/controls.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	return { snapshot: await presenterSnapshotOr404(event) };
};

export const actions: Actions = presenterActions;
