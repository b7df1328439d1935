/**
 * The device's outbox for CV edits (browser only, no dependency).
 *
 * Each screen of the builder turns into operations with ids made here (`crypto.randomUUID()`).
 * They are kept first on the device (localStorage, one versioned key, through createDeviceState),
 * shown at once on the device's copy of the CV, then sent in order to
 * `POST /jeune/cv/<id>/operations` when the network allows. The server is the judge: an operation
 * leaves the outbox when the server answered for it — applied, or "duplicate" (it had it already:
 * a retry never adds twice) — or refused (then it is kept apart, with the French reason, until the
 * youth has read it). A network failure, a server error or an expired session keep everything for
 * a later try.
 *
 * Safe when storage is missing (private mode) or full: the outbox then lives in memory for the life
 * of the page. Storage and the send function are injected (tested in outbox.test.ts).
 */

import { createDeviceState, type StorageLike } from '../device-state';
import { browserStorage, newDeviceId, oneRunAtATime, startRetryLoop, type RetryLoopOptions } from '../device-sync';
import type { DeviceOperation } from './steps';
import type { CvDraft } from '$lib/server/modules/cv/cv.validation';
import type { OperationOutcome } from '$lib/server/modules/cv/cv.usecases';

export type { StorageLike };

export const CV_OUTBOX_KEY = 'tremplin.cv.v1';
export const RETRY_MS = 20_000;
/** The server takes at most this many operations per request. */
export const BATCH_SIZE = 100;

export interface QueuedOperation {
	cvId: string;
	operation: DeviceOperation;
	/** What the youth was editing ("Tes coordonnées"), to say what a refusal is about. */
	label?: string;
	queuedAt: string;
}

export interface RefusedOperation {
	cvId: string;
	id: string;
	label?: string;
	field?: string;
	message: string;
}

/** What the server said about a batch. */
export type SendAnswer =
	| { status: 'ok'; revision: number; draft: CvDraft; outcomes: OperationOutcome[] }
	/** The whole batch is refused for good (unreadable, CV gone): the French reason. */
	| { status: 'refused'; message: string }
	/** Try again later: no network, server error, or the session must be renewed. */
	| { status: 'retry'; reason: 'offline' | 'server' | 'signed-out' };

export interface FlushResult {
	/** Every waiting operation was answered (false: try again later). */
	ok: boolean;
	/** Why it stopped, when it did. */
	reason?: 'offline' | 'server' | 'signed-out';
	applied: number;
	/** Operations refused during this run. */
	refused: RefusedOperation[];
	/** The CV as the server has it after the last answered batch. */
	draft?: CvDraft;
	revision?: number;
	remaining: number;
}

interface OutboxData {
	v: 1;
	queued: QueuedOperation[];
	refused: RefusedOperation[];
}

const empty = (): OutboxData => ({ v: 1, queued: [], refused: [] });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isQueued = (q: unknown): q is QueuedOperation =>
	isObject(q) && typeof q.cvId === 'string' && typeof q.queuedAt === 'string' && isObject(q.operation) && typeof q.operation.id === 'string' && typeof q.operation.op === 'string';
const isRefused = (r: unknown): r is RefusedOperation => isObject(r) && typeof r.cvId === 'string' && typeof r.id === 'string' && typeof r.message === 'string';

function parse(raw: string | null): OutboxData {
	if (!raw) return empty();
	try {
		const data = JSON.parse(raw) as unknown;
		if (!isObject(data) || data.v !== 1 || !Array.isArray(data.queued) || !Array.isArray(data.refused)) return empty();
		return { v: 1, queued: data.queued.filter(isQueued), refused: data.refused.filter(isRefused) };
	} catch {
		return empty();
	}
}

/** An operation's id, made on the device: the server's idempotency key. */
export const newOperationId = newDeviceId;

export function createCvOutbox(options: { storage: StorageLike | null; now?: () => Date }) {
	const now = options.now ?? (() => new Date());
	const state = createDeviceState<OutboxData>({ storage: options.storage, key: CV_OUTBOX_KEY, parse, empty });
	const { read, update } = state;
	const oneRun = oneRunAtATime<string, FlushResult>();

	const waiting = (cvId: string) => read().queued.filter((q) => q.cvId === cvId);

	async function run(cvId: string, send: (cvId: string, batch: DeviceOperation[]) => Promise<SendAnswer>): Promise<FlushResult> {
		const result: FlushResult = { ok: true, applied: 0, refused: [], remaining: 0 };
		for (let guard = 0; guard < 1000; guard++) {
			const batch = waiting(cvId).slice(0, BATCH_SIZE);
			if (batch.length === 0) break;
			let answer: SendAnswer;
			try {
				answer = await send(
					cvId,
					batch.map((q) => q.operation)
				);
			} catch {
				answer = { status: 'retry', reason: 'offline' };
			}
			if (answer.status === 'retry') {
				result.ok = false;
				result.reason = answer.reason;
				break;
			}
			const sent = new Map(batch.map((q) => [q.operation.id.toLowerCase(), q]));
			const refused: RefusedOperation[] = [];
			const answered = new Set<string>();
			if (answer.status === 'refused') {
				for (const q of batch) refused.push({ cvId, id: q.operation.id, label: q.label, message: answer.message });
				for (const id of sent.keys()) answered.add(id);
			} else {
				for (const outcome of answer.outcomes) {
					const id = outcome.id.toLowerCase();
					const q = sent.get(id);
					if (!q) continue;
					answered.add(id);
					// A duplicate carrying a message was refused the first time.
					if (outcome.status === 'refused' || outcome.message) {
						refused.push({ cvId, id: q.operation.id, label: q.label, ...(outcome.field ? { field: outcome.field } : {}), message: outcome.message ?? 'Modification refusée.' });
					} else {
						result.applied++;
					}
				}
				result.draft = answer.draft;
				result.revision = answer.revision;
			}
			// Re-read: another tab may have written meanwhile.
			update((d) => {
				d.queued = d.queued.filter((q) => !(q.cvId === cvId && answered.has(q.operation.id.toLowerCase())));
				d.refused.push(...refused.filter((r) => !d.refused.some((x) => x.id === r.id)));
			});
			result.refused.push(...refused);
			// An answer that left the batch untouched would loop for ever: stop and retry later.
			if (answered.size === 0) {
				result.ok = false;
				result.reason = 'server';
				break;
			}
		}
		result.remaining = waiting(cvId).length;
		return result;
	}

	return {
		/** Called on every change made by this page. Returns the unsubscribe. */
		subscribe: state.subscribe,

		/** False when edits could only be kept in memory (storage missing or full). */
		get persistent(): boolean {
			return state.persistent;
		},

		/** Keeps operations to send (an id already queued is not queued twice). */
		enqueue(cvId: string, operations: DeviceOperation[], label?: string): void {
			if (operations.length === 0) return;
			const queuedAt = now().toISOString();
			update((d) => {
				for (const operation of operations) {
					if (!d.queued.some((q) => q.operation.id === operation.id)) d.queued.push({ cvId, operation, queuedAt, ...(label ? { label } : {}) });
				}
			});
		},

		/** Operations of a CV not answered yet, in the order they were made. */
		pending(cvId: string): DeviceOperation[] {
			return waiting(cvId).map((q) => q.operation);
		},

		hasWaiting(cvId: string): boolean {
			return waiting(cvId).length > 0;
		},

		/** Operations of a CV the server refused, not yet dismissed by the youth. */
		refused(cvId: string): RefusedOperation[] {
			return read().refused.filter((r) => r.cvId === cvId);
		},

		/** The youth has read the refusals (all of the CV's, or the given ids). */
		dismiss(cvId: string, ids?: Iterable<string>): void {
			const only = ids ? new Set(ids) : null;
			update((d) => {
				d.refused = d.refused.filter((r) => r.cvId !== cvId || (only !== null && !only.has(r.id)));
			});
		},

		/**
		 * Sends a CV's waiting operations in order, by batches. Never throws. One run per CV at a
		 * time: a call during a run (the network just came back) runs once more after it.
		 */
		flush(cvId: string, send: (cvId: string, batch: DeviceOperation[]) => Promise<SendAnswer>): Promise<FlushResult> {
			return oneRun(cvId, () =>
				run(cvId, send).catch((): FlushResult => ({ ok: false, reason: 'server', applied: 0, refused: [], remaining: waiting(cvId).length }))
			);
		}
	};
}

export type CvOutbox = ReturnType<typeof createCvOutbox>;

let browserOutbox: CvOutbox | null = null;

/** The CV outbox of this browser (one per page). */
export function cvOutbox(): CvOutbox {
	browserOutbox ??= createCvOutbox({ storage: browserStorage() });
	return browserOutbox;
}

/**
 * Sends a batch to the server. `fetch` is injected for tests. A redirect (the session expired and
 * the area guard sends to the sign-in page) is "signed-out", never followed.
 */
export async function sendOperations(cvId: string, batch: DeviceOperation[], fetchFn: typeof fetch = fetch): Promise<SendAnswer> {
	let response: Response;
	try {
		response = await fetchFn(`/jeune/cv/${encodeURIComponent(cvId)}/operations`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(batch),
			credentials: 'same-origin',
			redirect: 'manual'
		});
	} catch {
		return { status: 'retry', reason: 'offline' };
	}
	if (response.type === 'opaqueredirect' || response.status === 401 || (response.status >= 300 && response.status < 400)) {
		return { status: 'retry', reason: 'signed-out' };
	}
	const body: unknown = await response.json().catch(() => null);
	if (response.ok && isObject(body) && Array.isArray(body.outcomes) && isObject(body.draft)) {
		return { status: 'ok', revision: Number(body.revision), draft: body.draft as CvDraft, outcomes: body.outcomes as OperationOutcome[] };
	}
	if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
		const message = isObject(body) && typeof body.message === 'string' ? body.message : 'Modifications refusées par le serveur.';
		return { status: 'refused', message };
	}
	return { status: 'retry', reason: 'server' };
}

/**
 * Sends a CV's edits now, when the network comes back, and every `retryMs` while some wait.
 * `onFlushed` is called after each run. Returns `run` (send at once) and `stop`.
 */
export function startAutoFlush(
	box: CvOutbox,
	cvId: string,
	send: (cvId: string, batch: DeviceOperation[]) => Promise<SendAnswer>,
	options: RetryLoopOptions & { onFlushed?: (r: FlushResult) => void } = {}
): { stop: () => void; run: () => Promise<FlushResult | null> } {
	return startRetryLoop(
		{ hasWaiting: () => box.hasWaiting(cvId), flush: () => box.flush(cvId, send), onFlushed: options.onFlushed },
		{ target: options.target, retryMs: options.retryMs ?? RETRY_MS }
	);
}
