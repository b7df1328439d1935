import type { Deps } from '../../app';
import { requireActor, type Actor } from '../../platform/access/access';
import { recordAudit } from '../../platform/audit/audit';
import { DomainError } from '../../platform/errors/errors';
import { describeUserAgent } from './mfa.user-agent';

/** Signed-in devices of the acting person (their sessions), for « Mes appareils ». */
type DevicesDeps = Pick<Deps, 'db' | 'sessions'>;

const METHOD_LABELS: Record<string, string> = {
	password: 'mot de passe',
	passkey: "clé d’accès",
	code: 'code reçu',
	activation: "code d’activation",
	invitation: 'invitation',
	reset: 'nouveau mot de passe'
};

export interface Device {
	id: string;
	label: string;
	/** How this session was opened, in plain French. */
	method: string;
	signedInAt: Date;
	lastSeenAt: Date;
	/** Web push was turned on from this session ("Mes appareils" says so). */
	notifications: boolean;
	current: boolean;
}

/** The person's own devices, the current one first, then the most recently seen. */
export async function listDevices(deps: DevicesDeps, actor: Actor | null, currentSessionId: string | null): Promise<Device[]> {
	const me = requireActor(actor);
	const rows = await deps.sessions.listForUser(me.userId);
	return rows
		.map((r) => ({
			id: r.id,
			label: describeUserAgent(r.userAgent),
			method: METHOD_LABELS[r.method] ?? r.method,
			signedInAt: r.createdAt,
			lastSeenAt: r.lastSeenAt,
			notifications: Boolean(r.notifications),
			current: r.id === currentSessionId
		}))
		.sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}

/** Signs one of the person's own devices out. Another person's session id is "not found". */
export async function signOutDevice(
	deps: DevicesDeps,
	actor: Actor | null,
	sessionId: string,
	currentSessionId: string | null
): Promise<{ wasCurrent: boolean }> {
	const me = requireActor(actor);
	const mine = await deps.sessions.listForUser(me.userId);
	if (!mine.some((s) => s.id === sessionId)) throw new DomainError('mfa.device_not_found', 'not_found');
	await deps.sessions.revoke(sessionId);
	await recordAudit(deps.db, { actorId: me.userId, action: 'session.revoked', targetType: 'user', targetId: me.userId, structureId: me.structureId });
	return { wasCurrent: sessionId === currentSessionId };
}

/** « Se déconnecter de tous les appareils », this one included unless `keepSessionId` is given. */
export async function signOutAllDevices(
	deps: DevicesDeps,
	actor: Actor | null,
	options: { keepSessionId?: string } = {}
): Promise<number> {
	const me = requireActor(actor);
	const count = await deps.sessions.revokeAllForUser(me.userId, options.keepSessionId);
	await recordAudit(deps.db, {
		actorId: me.userId,
		action: options.keepSessionId ? 'session.revoked_others' : 'session.revoked_all',
		targetType: 'user',
		targetId: me.userId,
		structureId: me.structureId,
		details: { count }
	});
	return count;
}
