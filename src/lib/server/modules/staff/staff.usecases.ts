import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Deps } from '../../app';
import { authorize, can, requireActor, type Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { DomainError } from '../../platform/errors/errors';
import { validate } from '../../platform/http/forms';
import { createProfessionalAccount, findAccountByEmail, findAccountById } from '../accounts';
import { checkNewPassword, hashPassword, openSession, setPasswordHash, type SignedIn } from '../authentication';
import { findNetworkName, findStructurePlace, siteBelongsTo } from '../structures';
import {
	alreadyInvited,
	emailTaken,
	invitationExpired,
	invitationNotFound,
	invitationNotPending,
	invitationRevoked,
	invitationUsed,
	roleNotAllowed,
	siteNotInStructure
} from './staff.errors';
import { staffInvitations } from './staff.schema';
import { hashInvitationToken, INVITATION_DAYS, newInvitationToken } from './staff.tokens';
import {
	acceptInvitationInput,
	invitationInput,
	ROLE_LABELS,
	type AcceptInvitationInput,
	type InvitableRole,
	type InvitationInput
} from './staff.validation';

/** "la Mission Locale de Lyon", "l’Union régionale…", "les Missions Locales du Rhône". */
export function withArticle(name: string): string {
	if (name.startsWith('Missions Locales')) return `les ${name}`;
	if (name.startsWith('Mission Locale')) return `la ${name}`;
	if (/^[AEIOUYÉÈHaeiouyéè]/.test(name)) return `l’${name}`;
	return name;
}

type StaffDeps = Pick<Deps, 'db' | 'now' | 'mailer' | 'config' | 'logger' | 'sessions' | 'sms' | 'rateLimiter'>;

/**
 * Which roles an actor may invite: a structure manager → counselors and managers of their structure;
 * a network referent → managers of a structure of their network, or another referent of it;
 * a platform admin → anyone professional.
 */
export function invitableRoles(actor: Actor): InvitableRole[] {
	switch (actor.role) {
		case 'structure_manager':
			return ['counselor', 'structure_manager'];
		case 'network_referent':
			return ['structure_manager', 'network_referent'];
		case 'platform_admin':
			return ['counselor', 'structure_manager', 'network_referent', 'platform_admin'];
		default:
			return [];
	}
}

function isPending(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date) {
	return !row.acceptedAt && !row.revokedAt && row.expiresAt > now;
}

/** Invites a professional by e-mail. Returns the token (only the e-mail and tests ever see it). */
export async function inviteStaff(
	deps: StaffDeps,
	actor: Actor | null,
	raw: InvitationInput | Record<string, unknown>
): Promise<{ id: string; token: string }> {
	const me = requireActor(actor);
	const input = validate(invitationInput, raw);
	if (!invitableRoles(me).includes(input.role)) throw roleNotAllowed();

	// Where the new person will work, and the authorization for that place.
	let structureId: string | null = null;
	let networkId: string | null = null;
	let placeName: string;
	if (input.role === 'counselor' || input.role === 'structure_manager') {
		const structure = input.structureId ? await findStructurePlace(deps.db, input.structureId) : null;
		if (!structure || structure.archived) {
			authorize(me, 'write', 'staff', { structureId: null, networkId: null });
			throw new DomainError('structures.structure_not_found', 'not_found', {
				fields: { structureId: 'Choisissez une Mission Locale de votre périmètre.' }
			});
		}
		authorize(me, 'write', 'staff', { structureId: structure.id, networkId: structure.networkId });
		structureId = structure.id;
		placeName = withArticle(structure.name);
		if (input.siteId && !(await siteBelongsTo(deps.db, input.siteId, structure.id))) throw siteNotInStructure();
	} else if (input.role === 'network_referent') {
		const id = input.networkId ?? me.networkId;
		const name = id ? await findNetworkName(deps.db, id) : null;
		if (!id || !name) {
			authorize(me, 'write', 'network', { structureId: null, networkId: null });
			throw new DomainError('staff.network_not_found', 'not_found', { fields: { networkId: 'Choisissez un réseau.' } });
		}
		authorize(me, 'write', 'network', { structureId: null, networkId: id });
		networkId = id;
		placeName = withArticle(name);
	} else {
		if (me.role !== 'platform_admin') throw roleNotAllowed();
		placeName = 'la plateforme Tremplin';
	}

	if (await findAccountByEmail(deps.db, input.email)) throw emailTaken();
	const now = deps.now();
	const pending = await deps.db
		.select({ id: staffInvitations.id })
		.from(staffInvitations)
		.where(
			and(
				eq(staffInvitations.email, input.email),
				isNull(staffInvitations.acceptedAt),
				isNull(staffInvitations.revokedAt),
				gt(staffInvitations.expiresAt, now)
			)
		)
		.limit(1);
	if (pending.length > 0) throw alreadyInvited();

	const token = newInvitationToken();
	const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000);
	const [row] = await deps.db
		.insert(staffInvitations)
		.values({
			email: input.email,
			firstName: input.firstName,
			lastName: input.lastName,
			role: input.role,
			structureId,
			siteId: structureId ? input.siteId : null,
			networkId,
			invitedById: me.userId,
			tokenHash: hashInvitationToken(token),
			createdAt: now,
			expiresAt
		})
		.returning({ id: staffInvitations.id });

	const inviter = await findAccountById(deps.db, me.userId);
	const inviterName = inviter ? `${inviter.firstName} ${inviter.lastName}`.trim() : 'Un membre de l’équipe';
	const base = (deps.config.publicUrl ?? input.origin ?? 'http://localhost:3000').replace(/\/$/, '');
	const link = `${base}/invitation/${token}`;
	const until = expiresAt.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', timeZone: 'Europe/Paris' });
	await deps.mailer.send({
		to: input.email,
		subject: `Invitation à rejoindre ${placeName.replace(/^(la |les |l’)/, '')} sur Tremplin`,
		text: [
			`Bonjour ${input.firstName},`,
			'',
			`${inviterName} vous invite à rejoindre ${placeName} sur Tremplin, comme ${ROLE_LABELS[input.role]}.`,
			'',
			`Pour créer votre compte, ouvrez ce lien avant le ${until} (il ne sert qu'une fois) :`,
			link,
			'',
			"Si vous ne vous attendiez pas à ce message, ignorez-le : aucun compte ne sera créé.",
			'',
			'L’équipe Tremplin'
		].join('\n')
	});
	await recordAudit(deps.db, {
		actorId: me.userId,
		action: 'staff.invited',
		targetType: 'invitation',
		targetId: row!.id,
		structureId,
		details: { role: input.role, networkId }
	});
	return { id: row!.id, token };
}

/** Cancels a pending invitation; its link stops working at once. */
export async function revokeInvitation(deps: Pick<Deps, 'db' | 'now'>, actor: Actor | null, invitationId: string): Promise<void> {
	const me = requireActor(actor);
	const [row] = /^[0-9a-f-]{36}$/i.test(invitationId)
		? await deps.db.select().from(staffInvitations).where(eq(staffInvitations.id, invitationId)).limit(1)
		: [];
	const allowed =
		row &&
		(row.structureId
			? can(me, 'write', 'staff', {
					structureId: row.structureId,
					networkId: (await findStructurePlace(deps.db, row.structureId))?.networkId ?? null
				})
			: row.networkId
				? can(me, 'write', 'network', { structureId: null, networkId: row.networkId })
				: me.role === 'platform_admin');
	if (!row || !allowed) {
		// People who manage staff somewhere learn only that there is no such invitation for them.
		if (invitableRoles(me).length === 0) throw new DomainError('access.forbidden', 'forbidden');
		throw invitationNotFound();
	}
	if (!isPending(row, deps.now())) throw invitationNotPending();
	await deps.db
		.update(staffInvitations)
		.set({ revokedAt: deps.now() })
		.where(and(eq(staffInvitations.id, row.id), isNull(staffInvitations.acceptedAt)));
	await recordAudit(deps.db, {
		actorId: me.userId,
		action: 'staff.invitation_revoked',
		targetType: 'invitation',
		targetId: row.id,
		structureId: row.structureId
	});
}

/** The invitation behind a link, if it can still be used (throws a clear error otherwise). */
export async function findUsableInvitation(deps: Pick<Deps, 'db' | 'now'>, token: string) {
	if (!token || token.length > 100) throw invitationNotFound();
	const [row] = await deps.db
		.select()
		.from(staffInvitations)
		.where(eq(staffInvitations.tokenHash, hashInvitationToken(token)))
		.limit(1);
	if (!row) throw invitationNotFound();
	if (row.acceptedAt) throw invitationUsed();
	if (row.revokedAt) throw invitationRevoked();
	if (row.expiresAt <= deps.now()) throw invitationExpired();
	const placeName = row.structureId
		? withArticle((await findStructurePlace(deps.db, row.structureId))?.name ?? '')
		: row.networkId
			? withArticle((await findNetworkName(deps.db, row.networkId)) ?? '')
			: 'la plateforme Tremplin';
	return {
		id: row.id,
		email: row.email,
		firstName: row.firstName,
		lastName: row.lastName,
		role: row.role as InvitableRole,
		roleLabel: ROLE_LABELS[row.role as InvitableRole] ?? row.role,
		placeName,
		expiresAt: row.expiresAt,
		structureId: row.structureId,
		siteId: row.siteId,
		networkId: row.networkId
	};
}

/**
 * Accepts an invitation: creates the professional account with its password, marks the invitation
 * used (once, even under concurrent clicks) and opens a session.
 */
export async function acceptInvitation(
	deps: StaffDeps,
	token: string,
	raw: AcceptInvitationInput | Record<string, unknown>,
	options: { userAgent?: string | null } = {}
): Promise<SignedIn> {
	const invitation = await findUsableInvitation(deps, token);
	const input = validate(acceptInvitationInput, raw);
	const policy = checkNewPassword(input.password, {
		email: invitation.email,
		firstName: input.firstName,
		lastName: input.lastName,
		audience: 'professional'
	});
	if (policy) throw new DomainError('validation.invalid', 'invalid', { fields: { password: policy } });
	if (input.confirmation !== undefined && input.confirmation !== input.password) {
		throw new DomainError('validation.invalid', 'invalid', {
			fields: { confirmation: 'Les deux mots de passe ne sont pas identiques.' }
		});
	}
	if (await findAccountByEmail(deps.db, invitation.email)) throw emailTaken();
	const hash = await hashPassword(input.password);

	const account = await deps.db.transaction(async (tx) => {
		const claimed = await tx
			.update(staffInvitations)
			.set({ acceptedAt: deps.now() })
			.where(
				and(
					eq(staffInvitations.id, invitation.id),
					isNull(staffInvitations.acceptedAt),
					isNull(staffInvitations.revokedAt)
				)
			)
			.returning({ id: staffInvitations.id });
		if (claimed.length === 0) throw invitationUsed();
		const { id } = await createProfessionalAccount(tx, {
			role: invitation.role,
			email: invitation.email,
			firstName: input.firstName,
			lastName: input.lastName,
			structureId: invitation.structureId,
			siteId: invitation.siteId,
			networkId: invitation.networkId
		}).catch((error: unknown) => {
			// Someone took the address between the check and now (unique index).
			if (/users_email_is_unique|duplicate key/.test(String((error as Error)?.message) + String((error as { cause?: Error })?.cause?.message))) {
				throw emailTaken();
			}
			throw error;
		});
		await setPasswordHash(tx, id, hash);
		await recordAudit(tx, {
			actorId: id,
			action: 'staff.invitation_accepted',
			targetType: 'invitation',
			targetId: invitation.id,
			structureId: invitation.structureId
		});
		return { id, role: invitation.role, structureId: invitation.structureId };
	});
	return openSession(deps, account, 'invitation', options.userAgent ?? null);
}
