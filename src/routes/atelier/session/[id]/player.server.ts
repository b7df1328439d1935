import type { Cookies } from '@sveltejs/kit';
import type { Deps } from '$lib/server/app';
import { playerFromSecret, playerStatus } from '$lib/server/modules/workshops';
import { PLAYER_COOKIE, readPlayerCookie } from '$lib/workshops/transport';

export type LivePlayerRow = NonNullable<Awaited<ReturnType<typeof playerFromSecret>>>;

/**
 * The player of this workshop on this phone, from the `__Host-tremplin_atelier` cookie
 * (`<workshopId>.<secret>`): null when absent, forged, or for another workshop.
 */
export async function playerOf(deps: Deps, cookies: Cookies, workshopId: string): Promise<LivePlayerRow | null> {
	const kept = readPlayerCookie(cookies.get(PLAYER_COOKIE), workshopId);
	if (!kept) return null;
	return playerFromSecret(deps, kept.workshopId, kept.secret);
}

export const jsonHeaders = { 'cache-control': 'no-store' };

/** Why there is no player: removed by the counselor, or nothing known (no cookie, forged, other workshop). */
export async function missingPlayerReason(deps: Deps, cookies: Cookies, workshopId: string): Promise<'removed' | 'unknown'> {
	const kept = readPlayerCookie(cookies.get(PLAYER_COOKIE), workshopId);
	if (!kept) return 'unknown';
	return (await playerStatus(deps, kept.workshopId, kept.secret)) === 'removed' ? 'removed' : 'unknown';
}
