import type { Deps } from '$lib/server/app';
import { listStaff } from '$lib/server/modules/staff';
import { authorize, type Actor } from '$lib/server/platform/access';
import { contactRequestNotFound } from './contact-requests.errors';
import { createContactRequestsRepository, type ContactRequestRow } from './contact-requests.repository';
import type { CloseReason, ContactRequestStatus, PreferredTime } from './contact-requests.schema';

export const STATUS_LABELS: Record<ContactRequestStatus, string> = {
	new: 'Nouvelle',
	assigned: 'Attribuée',
	contacted: 'Contactée',
	converted: 'Compte proposé',
	closed: 'Close'
};

export const PREFERRED_TIME_LABELS: Record<PreferredTime, string> = {
	matin: 'Le matin',
	midi: 'Entre midi et deux',
	'apres-midi': 'L’après-midi',
	soir: 'En fin de journée',
	'peu-importe': 'Peu importe'
};

export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
	no_follow_up: 'Joint·e, pas de suite',
	unreachable: 'Injoignable',
	out_of_area: 'Hors territoire',
	duplicate: 'Doublon',
	other: 'Autre'
};

export interface ContactRequestItem {
	id: string;
	firstName: string;
	phone: string | null;
	email: string | null;
	communeName: string;
	postalCode: string | null;
	message: string;
	preferredTime: string | null;
	status: ContactRequestStatus;
	statusLabel: string;
	assignedToId: string | null;
	assignedToName: string | null;
	closeReason: string | null;
	closeNote: string | null;
	activationCodeId: string | null;
	createdAt: Date;
	contactedAt: Date | null;
	/** Whole days since the request arrived. */
	waitingDays: number;
}

type QueryDeps = Pick<Deps, 'db' | 'now'>;

async function staffNames(deps: QueryDeps, actor: Actor, structureId: string) {
	const staff = await listStaff(deps.db, actor, structureId);
	return staff;
}

function shape(row: ContactRequestRow, names: Map<string, string>, now: Date): ContactRequestItem {
	return {
		id: row.id,
		firstName: row.firstName,
		phone: row.phone,
		email: row.email,
		communeName: row.communeName,
		postalCode: row.postalCode,
		message: row.message,
		preferredTime: row.preferredTime ? PREFERRED_TIME_LABELS[row.preferredTime] : null,
		status: row.status,
		statusLabel: STATUS_LABELS[row.status],
		assignedToId: row.assignedTo,
		assignedToName: row.assignedTo ? (names.get(row.assignedTo) ?? 'Ancien membre de l’équipe') : null,
		closeReason: row.closeReason ? CLOSE_REASON_LABELS[row.closeReason] : null,
		closeNote: row.closeNote,
		activationCodeId: row.activationCodeId,
		createdAt: row.createdAt,
		contactedAt: row.contactedAt,
		waitingDays: Math.floor((now.getTime() - row.createdAt.getTime()) / (24 * 3600_000))
	};
}

/** The structure's queue: open requests first (new, assigned, contacted), oldest first. */
export async function listContactRequests(deps: QueryDeps, actor: Actor | null): Promise<ContactRequestItem[]> {
	authorize(actor, 'read', 'contact_request', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
	const rows = await createContactRequestsRepository({ db: deps.db, actor }).list();
	const staff = await staffNames(deps, actor, actor.structureId!);
	const names = new Map(staff.map((s) => [s.id, `${s.firstName} ${s.lastName}`]));
	const now = deps.now();
	return rows.map((r) => shape(r, names, now));
}

/** One request of the actor's structure and who it can be given to. */
export async function getContactRequest(
	deps: QueryDeps,
	actor: Actor | null,
	id: string
): Promise<{ request: ContactRequestItem; staff: { id: string; name: string }[] }> {
	authorize(actor, 'read', 'contact_request', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
	const row = await createContactRequestsRepository({ db: deps.db, actor }).findById(id);
	if (!row) throw contactRequestNotFound();
	const staff = (await staffNames(deps, actor, row.structureId)).filter((s) => !s.disabled);
	const names = new Map(staff.map((s) => [s.id, `${s.firstName} ${s.lastName}`]));
	return {
		request: shape(row, names, deps.now()),
		staff: staff.map((s) => ({ id: s.id, name: `${s.firstName} ${s.lastName} (${s.roleLabel.toLowerCase()})` }))
	};
}
