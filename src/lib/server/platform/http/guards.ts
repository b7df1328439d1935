import type { RequestEvent } from '@sveltejs/kit';
import { MFA_ROLES, PROFESSIONAL_ROLES, type Actor, type Role } from '../access/access';
import { getApp } from '../../app';
import { hasConfirmedTotp } from '../../modules/mfa';

/** Path prefixes and the roles allowed there. Checked in hooks, so form actions are guarded too. */
const AREAS: { prefix: string; roles: readonly Role[] }[] = [
	{ prefix: '/jeune', roles: ['youth'] },
	{ prefix: '/pro', roles: PROFESSIONAL_ROLES },
	{ prefix: '/admin', roles: ['structure_manager', 'network_referent', 'platform_admin'] },
	{ prefix: '/compte', roles: [...PROFESSIONAL_ROLES, 'youth'] }
];

const MFA_CHALLENGE = '/connexion/double-authentification';
const MFA_ENROLL = '/compte/double-authentification';
const ALWAYS_OPEN = ['/deconnexion', '/healthz', '/mentions-legales', '/donnees-personnelles', '/accessibilite'];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(prefix + '/');

/** Youth land in their space; every professional lands on /pro (which adapts to the role). */
export function homeFor(actor: Pick<Actor, 'role'>): string {
	return actor.role === 'youth' ? '/jeune' : '/pro';
}

/** Returns where to redirect the request to, or null to let it through. */
export async function guardRequest(event: RequestEvent): Promise<string | null> {
	const path = event.url.pathname;
	if (ALWAYS_OPEN.some((p) => under(path, p))) return null;
	const { actor, session } = event.locals;

	// A session still waiting for its second factor may only finish it.
	if (session && !session.mfaSatisfied) {
		return under(path, MFA_CHALLENGE) ? null : MFA_CHALLENGE;
	}

	const area = AREAS.find((a) => under(path, a.prefix));
	if (!area) return null;
	if (!actor) return `/connexion?redirection=${encodeURIComponent(path + event.url.search)}`;
	if (!area.roles.includes(actor.role)) return homeFor(actor);

	// Roles that must use a second factor enrol before anything else (when enforced).
	if (MFA_ROLES.includes(actor.role) && !under(path, MFA_ENROLL)) {
		const app = await getApp();
		if (app.config.enforceMfa && !(await hasConfirmedTotp(app.db, actor.userId))) return MFA_ENROLL;
	}
	return null;
}
