import type { Achievement, AchievementKind } from './badges.sources';
import { OB_CONTEXT, VC_CONTEXT_V2 } from './badges.contexts';
import { issuerUrl } from './badges.signing';

/** French labels of the kinds of achievements (badge image, pages). */
export const KIND_LABELS: Record<AchievementKind, string> = {
	learning_module: 'Parcours',
	diagnostic_area: 'Numérique',
	soft_skill: 'Savoir-être'
};

export const badgeUrl = (origin: string, badgeId: string) => `${origin}/badges/${badgeId}`;
export const badgeImageUrl = (origin: string, badgeId: string) => `${origin}/badges/${badgeId}/image.png`;
export const achievementUrl = (origin: string, kind: AchievementKind, ref: string) =>
	`${origin}/badges/realisations/${kind}/${encodeURIComponent(ref)}`;

/**
 * The unsigned Open Badges 3.0 credential (W3C VC Data Model 2.0). The issuer is the youth's
 * Mission Locale, identified by its key document; the subject is named (the youth hands the badge
 * to whom they choose, and a recruiter must be able to match it with the CV; no e-mail, birth date
 * or account id is written in it, not even hashed: many youth have no e-mail address). Revocation is checked by Tremplin at the
 * credential's own URL (its `id`), see the README.
 */
export function buildCredential(input: {
	origin: string;
	badgeId: string;
	structure: { id: string; name: string };
	youthName: string;
	achievement: Achievement;
	issuedAt: Date;
}) {
	const { origin, achievement: a } = input;
	const validFrom = input.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
	return {
		'@context': [VC_CONTEXT_V2, OB_CONTEXT],
		id: badgeUrl(origin, input.badgeId),
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		name: a.name,
		issuer: { id: issuerUrl(origin, input.structure.id), type: ['Profile'], name: input.structure.name, url: origin },
		validFrom,
		credentialSubject: {
			type: ['AchievementSubject'],
			name: input.youthName,
			// OB 3.0 asks for an `id` or an `identifier`: the name, in clear (see above).
			identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.youthName }],
			achievement: {
				id: achievementUrl(origin, a.kind, a.ref),
				type: ['Achievement'],
				achievementType: a.kind === 'soft_skill' ? 'Competency' : a.kind === 'diagnostic_area' ? 'Assessment' : 'Course',
				name: a.name,
				description: a.description,
				criteria: { narrative: a.criteria },
				image: { id: badgeImageUrl(origin, input.badgeId), type: 'Image', caption: `Badge « ${a.name} »` }
			}
		}
	};
}

export type UnsignedCredential = ReturnType<typeof buildCredential>;

/** The origin written in badges and trusted when verifying them: the public URL when configured, else the request's. */
export const publicOrigin = (publicUrl: string | null, url: URL) => (publicUrl ? new URL(publicUrl).origin : url.origin);
