import type { Deps } from '$lib/server/app';
import { requireActor, type Actor } from '$lib/server/platform/access';
import { createPasskeysRepository } from './passkeys.repository';

export interface PasskeyListItem {
	id: string;
	label: string;
	createdAt: Date;
	lastUsedAt: Date | null;
	/** Synced by the platform (iCloud Keychain, Google Password Manager…): survives a lost phone. */
	synced: boolean;
}

/** The signed-in person's passkeys, oldest first. */
export async function listMyPasskeys(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<PasskeyListItem[]> {
	const me = requireActor(actor);
	const rows = await createPasskeysRepository({ db: deps.db, actor: me }).list();
	return rows.map((r) => ({
		id: r.id,
		label: r.label,
		createdAt: r.createdAt,
		lastUsedAt: r.lastUsedAt,
		synced: r.backedUp
	}));
}
