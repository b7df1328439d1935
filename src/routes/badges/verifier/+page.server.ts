import { fail } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { publicOrigin, readPresented, verifyBadge, type Verification } from '$lib/server/modules/badges';
import { isDomainError } from '$lib/server/platform/errors/errors';
import type { RateLimitPolicy } from '$lib/server/platform/rate-limit';
import type { Actions } from './$types';

/** A verification costs some CPU (RDF canonicalization, twice): 30 per 10 minutes and per address, then a growing pause. */
const VERIFY_POLICY: RateLimitPolicy = { freeFailures: 30, baseLockSeconds: 60, maxLockSeconds: 3600, windowSeconds: 600 };

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

export type VerificationView =
	| { status: 'authentic' | 'revoked'; name: string; issuerName: string; subjectName: string; issuedOn: string; revokedOn: string | null; reason: string | null; id: string }
	| { status: 'invalid_signature' | 'unknown_issuer' | 'unknown_badge' | 'malformed'; detail: string | null };

function view(v: Verification): VerificationView {
	if (v.status === 'authentic' || v.status === 'revoked') {
		return {
			status: v.status,
			id: v.badge.id,
			name: v.badge.name,
			issuerName: v.badge.issuerName,
			subjectName: v.badge.subjectName,
			issuedOn: day.format(v.badge.validFrom),
			revokedOn: v.badge.revokedAt ? day.format(v.badge.revokedAt) : null,
			reason: v.badge.revocationReason
		};
	}
	return { status: v.status, detail: v.status === 'malformed' ? v.detail : null };
}

/** Anyone (no account) checks a badge: pasted JSON, or the `.json` file / baked PNG downloaded from Tremplin. */
export const actions: Actions = {
	default: async ({ request, url, getClientAddress }) => {
		const app = await getApp();
		const key = `badges:verify:${getClientAddress()}`;
		try {
			await app.rateLimiter.check([key]);
			await app.rateLimiter.hit([key], VERIFY_POLICY);
		} catch (e) {
			if (isDomainError(e)) return fail(e.status, { message: e.message, text: '' });
			throw e;
		}
		let data: FormData;
		try {
			data = await request.formData();
		} catch {
			return fail(400, { message: 'Le formulaire n’a pas pu être lu : réessayez.', text: '' });
		}
		const text = data.get('credential');
		const file = data.get('fichier');
		const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
		const presented = readPresented({ text: typeof text === 'string' ? text : null, file: bytes });
		const keep = typeof text === 'string' && text.length <= 20_000 ? text : '';
		if ('error' in presented) return fail(400, { message: presented.error, text: keep });
		const origins = [...new Set([publicOrigin(app.config.publicUrl, url), url.origin])];
		return { result: view(await verifyBadge(app.db, presented.json, origins, app.now())), text: keep };
	}
};
