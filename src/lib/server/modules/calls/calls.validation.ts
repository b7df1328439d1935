import { z } from 'zod';
import { CALL_MODES } from './calls.schema';

/** Size limits of what a browser may post (an SDP is a few KB; a candidate line a few hundred bytes). */
export const MAX_SDP_LENGTH = 16 * 1024;
export const MAX_CANDIDATE_LENGTH = 2 * 1024;
/** The whole JSON body of a signal, read before parsing. */
export const MAX_SIGNAL_BYTES = MAX_SDP_LENGTH + 4 * 1024;

export const SIGNAL_TYPES = ['join', 'offer', 'answer', 'candidate', 'hangup', 'mode'] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

const mode = z.enum(CALL_MODES, { error: 'Mode inconnu (vidéo ou audio seulement).' });
/** One browser tab's peer connection (a new one at each join): lets the other side drop stale signals. */
const sessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'Session invalide.' });
const session = sessionId.optional();
/** The peer connection a message is meant for (the receiver ignores messages for an older one). */
const to = sessionId.nullable().optional();
const sdp = z
	.string({ error: 'Description de session manquante.' })
	.min(1, { error: 'Description de session vide.' })
	.max(MAX_SDP_LENGTH, { error: 'Description de session trop longue.' });

const candidate = z
	.object({
		candidate: z.string().max(MAX_CANDIDATE_LENGTH, { error: 'Candidat de connexion trop long.' }),
		sdpMid: z.string().max(64).nullable().optional(),
		sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
		usernameFragment: z.string().max(256).nullable().optional()
	})
	.strict();

export const signalInput = z.discriminatedUnion(
	'type',
	[
		z.object({ type: z.literal('join'), session, data: z.object({ mode }).strict() }).strict(),
		z.object({ type: z.literal('offer'), session, to, data: z.object({ sdp }).strict() }).strict(),
		z.object({ type: z.literal('answer'), session, to, data: z.object({ sdp }).strict() }).strict(),
		// `data: null` is the end of candidates.
		z.object({ type: z.literal('candidate'), session, to, data: candidate.nullable() }).strict(),
		z.object({ type: z.literal('hangup'), session, data: z.object({}).strict().optional() }).strict(),
		z.object({ type: z.literal('mode'), session, data: z.object({ mode }).strict() }).strict()
	],
	{ error: 'Type de message de connexion inconnu.' }
);

export type SignalInput = z.infer<typeof signalInput>;

/** The first French message of a failed parse. */
export function firstIssue(error: z.ZodError): string {
	return error.issues[0]?.message ?? "Ce message de connexion n'est pas valide.";
}
