import type { Deps } from '$lib/server/app';
import type { Actor } from '$lib/server/platform/access';
import { latestEventId } from '$lib/server/platform/realtime';
import { findAccountById } from '../accounts';
import { videoFallbackOf } from '../structures';
import { iceServersFor, type IceServer } from './calls.ice';
import type { CallSide } from './calls.repository';
import type { CallMode } from './calls.schema';
import { callExpired, findCall } from './calls.usecases';

export interface CallPage {
	id: string;
	side: CallSide;
	/** Perfect negotiation: the youth's side yields when both offer at once. */
	polite: boolean;
	mode: CallMode;
	ended: boolean;
	/** Opened without appointment more than `CALL_REUSE_HOURS` ago and never started: not joinable. */
	expired: boolean;
	started: boolean;
	userId: string;
	youthId: string;
	/** The other participant, as shown on the page. */
	other: { firstName: string; lastName: string | null };
	/** What the structure offers when the visio cannot connect (phone as shown, and its `tel:` link). */
	fallback: { url: string | null; phone: string | null; phoneHref: string | null } | null;
	iceServers: IceServer[];
	/** Resume point of the signalling stream (`?depuis=`): read before the call itself. */
	afterEventId: number;
}

/** Only web addresses become links (never `javascript:` or other schemes, whatever was stored). */
function safeFallback(fallback: { url: string | null; phone: string | null } | null): CallPage['fallback'] {
	if (!fallback) return null;
	let url: string | null = null;
	if (fallback.url) {
		try {
			const parsed = new URL(fallback.url);
			if (parsed.protocol === 'https:' || parsed.protocol === 'http:') url = parsed.toString();
		} catch {
			url = null;
		}
	}
	const phone = fallback.phone?.trim() || null;
	if (!url && !phone) return null;
	return { url, phone: phone ? displayPhone(phone) : null, phoneHref: phone ? `tel:${phone.replace(/[^\d+]/g, '')}` : null };
}

/** `+33472000000` → `04 72 00 00 00`, as people read it in France; other forms unchanged. */
export function displayPhone(phone: string): string {
	const french = /^\+33(\d{9})$/.exec(phone.replace(/\s/g, ''));
	if (!french) return phone;
	return `0${french[1]}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** The visio page of a participant; null for anyone else (the page answers "introuvable"). */
export async function getCallPage(deps: Pick<Deps, 'db' | 'now' | 'config'>, actor: Actor | null, callId: string): Promise<CallPage | null> {
	if (!actor) return null;
	const afterEventId = await latestEventId(deps.db);
	const call = await findCall(deps, actor, callId);
	if (!call) return null;
	const otherId = call.side === 'youth' ? call.staffId : call.youthId;
	const other = await findAccountById(deps.db, otherId);
	return {
		id: call.id,
		side: call.side,
		polite: call.side === 'youth',
		mode: call.mode,
		ended: call.endedAt !== null,
		expired: callExpired(call, deps.now()),
		started: call.startedAt !== null,
		userId: actor.userId,
		youthId: call.youthId,
		other: {
			firstName: other?.firstName ?? (call.side === 'youth' ? 'Ton conseiller' : 'Le jeune'),
			// A youth sees their counselor's first name only, as elsewhere in the youth space.
			lastName: call.side === 'staff' ? (other?.lastName ?? null) : null
		},
		fallback: safeFallback(await videoFallbackOf(deps.db, call.structureId)),
		iceServers: iceServersFor(deps.config.ice, actor.userId, deps.now()),
		afterEventId
	};
}
