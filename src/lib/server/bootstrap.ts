import type { Deps } from './app';
import { anyAccountWithRole, createProfessionalAccount, findAccountByEmail } from './modules/accounts';
import { requestPasswordReset } from './modules/authentication';

/**
 * First start of a real deployment: nobody can sign in yet. With `TREMPLIN_ADMIN_EMAIL` set and no
 * platform admin in the database, an admin account is created for that address and a link to
 * choose its password is e-mailed (or left in the outbox). The admin then enrols their second
 * factor and invites everyone else. Does nothing once an admin exists.
 */
export async function bootstrapFirstAdmin(
	deps: Deps,
	email: string | null,
	baseUrl: string
): Promise<'skipped' | 'exists' | 'created'> {
	if (!email) return 'skipped';
	if (await anyAccountWithRole(deps.db, 'platform_admin')) return 'exists';
	if (!(await findAccountByEmail(deps.db, email))) {
		await createProfessionalAccount(deps.db, { role: 'platform_admin', email, firstName: 'Administration', lastName: '' });
	}
	await requestPasswordReset(deps, { email, ip: 'bootstrap', baseUrl });
	deps.logger.info({ email }, 'first platform admin created: a link to choose the password was sent');
	return 'created';
}
