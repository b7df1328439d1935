import type { Deps } from '$lib/server/app';
import { findAccountById } from '$lib/server/modules/accounts';
import { authorize, type Actor } from '$lib/server/platform/access';
import { createActivationCodesRepository } from './activation.repository';

export type ActivationCodeStatus = 'pending' | 'used' | 'expired' | 'revoked';

export const STATUS_LABELS: Record<ActivationCodeStatus, string> = {
	pending: 'En attente',
	used: 'Utilisé',
	expired: 'Expiré',
	revoked: 'Révoqué'
};

export function statusOf(code: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): ActivationCodeStatus {
	if (code.usedAt) return 'used';
	if (code.revokedAt) return 'revoked';
	if (code.expiresAt.getTime() <= now.getTime()) return 'expired';
	return 'pending';
}

export interface ActivationCodeListItem {
	id: string;
	youthName: string;
	counselorName: string;
	mine: boolean;
	createdAt: Date;
	expiresAt: Date;
	usedAt: Date | null;
	revokedAt: Date | null;
	status: ActivationCodeStatus;
	statusLabel: string;
}

/** The codes the actor may see (own codes; a manager sees the whole structure), newest first. */
export async function listActivationCodes(deps: Pick<Deps, 'db' | 'now'>, actor: Actor | null): Promise<ActivationCodeListItem[]> {
	authorize(actor, 'read', 'activation_code', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
	const rows = await createActivationCodesRepository({ db: deps.db, actor }).list();
	const names = new Map<string, string>();
	for (const id of new Set(rows.map((r) => r.counselorId))) {
		const account = await findAccountById(deps.db, id);
		names.set(id, account ? `${account.firstName} ${account.lastName}`.trim() : '—');
	}
	const now = deps.now();
	return rows.map((r) => {
		const status = statusOf(r, now);
		return {
			id: r.id,
			youthName: `${r.youthFirstName} ${r.youthLastName}`.trim(),
			counselorName: names.get(r.counselorId) ?? '—',
			mine: r.counselorId === actor.userId,
			createdAt: r.createdAt,
			expiresAt: r.expiresAt,
			usedAt: r.usedAt,
			revokedAt: r.revokedAt,
			status,
			statusLabel: STATUS_LABELS[status]
		};
	});
}
