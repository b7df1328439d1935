import type { ModuleContent, Response } from './content';
import { createDeviceState, type StorageLike } from '../device-state';
import { newDeviceId } from '../device-sync';

export type { StorageLike };

/**
 * The device's store for offline play (browser only, no dependency).
 *
 * Kept in localStorage under one versioned key: the content of the modules opened on this device
 * (by version), the local play-throughs (attempts) with their answers, and the queue of answers not
 * yet received by the server. `flush()` sends the queue to /parcours/synchroniser; every answer has
 * an id made here, so sending twice is harmless. Nothing else is stored: no name, no account.
 *
 * Safe when storage is missing (private mode, disabled) or full: the store then keeps its data in
 * memory for the life of the page, and the player still works. The storage and fetch are injected
 * so that the store is tested with a fake storage (offline.test.ts).
 */

export const STORE_KEY = 'tremplin.parcours.v1';
export const SYNC_URL = '/parcours/synchroniser';
/** Same limits as the server (learning.validation.ts): more goes in several requests. */
const MAX_ATTEMPTS_PER_BATCH = 20;
const MAX_ANSWERS_PER_BATCH = 200;


export interface SavedContent {
	moduleId: string;
	versionId: string;
	slug: string;
	savedAt: string;
	content: ModuleContent;
}

export interface LocalAnswer {
	id: string;
	response: Response;
	answeredAt: string;
}

export interface LocalAttempt {
	id: string;
	slug: string;
	moduleId: string;
	versionId: string;
	kind: 'module' | 'review';
	/** Step ids played, in order. */
	plan: string[];
	startedAt: string;
	updatedAt: string;
	answers: Record<string, LocalAnswer>;
	/** The server knows this attempt (it started there, or a sync was accepted). */
	synced: boolean;
}

export interface QueuedAnswer {
	attemptId: string;
	answerId: string;
}

export interface StoreData {
	v: 1;
	contents: Record<string, SavedContent>;
	attempts: Record<string, LocalAttempt>;
	queue: QueuedAnswer[];
}

export interface FlushResult {
	/** The server answered every request (false: offline or server trouble, try again later). */
	ok: boolean;
	accepted: number;
	rejected: number;
	/** Answers still waiting. */
	remaining: number;
}

interface AnswerOutcome {
	id: string;
	status: 'accepted' | 'rejected';
}
interface AttemptOutcome {
	id: string;
	status: 'accepted' | 'rejected';
}

const empty = (): StoreData => ({ v: 1, contents: {}, attempts: {}, queue: [] });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parse(raw: string | null): StoreData {
	if (!raw) return empty();
	try {
		const data = JSON.parse(raw) as unknown;
		if (!isObject(data) || data.v !== 1 || !isObject(data.contents) || !isObject(data.attempts) || !Array.isArray(data.queue)) return empty();
		return data as unknown as StoreData;
	} catch {
		return empty();
	}
}

/** An id made on the device (answers, guest ids): see device-sync.ts. */
export const newId = newDeviceId;

export interface OfflineStoreOptions {
	storage: StorageLike | null;
	fetch?: typeof fetch;
	now?: () => Date;
	url?: string;
}

export function createOfflineStore(options: OfflineStoreOptions) {
	const { storage } = options;
	const now = options.now ?? (() => new Date());
	const url = options.url ?? SYNC_URL;
	let flushing: Promise<FlushResult> | null = null;
	let rerun: Promise<FlushResult> | null = null;

	/** Frees room: module contents no local attempt needs, then finished attempts with nothing to send. */
	function evict(data: StoreData): boolean {
		const queued = new Set(data.queue.map((q) => q.attemptId));
		const done = Object.values(data.attempts)
			.filter((a) => !queued.has(a.id) && a.synced && a.plan.every((id) => a.answers[id] || !isQuestionId(data, a, id)))
			.sort((x, y) => x.updatedAt.localeCompare(y.updatedAt));
		if (done.length) {
			delete data.attempts[done[0]!.id];
			return true;
		}
		const needed = new Set(Object.values(data.attempts).map((a) => a.versionId));
		const spare = Object.values(data.contents)
			.filter((c) => !needed.has(c.versionId))
			.sort((x, y) => x.savedAt.localeCompare(y.savedAt));
		if (spare.length) {
			delete data.contents[spare[0]!.versionId];
			return true;
		}
		return false;
	}

	const state = createDeviceState<StoreData>({ storage, key: STORE_KEY, parse, empty, evict });
	const { read, update } = state;

	function isQuestionId(data: StoreData, attempt: LocalAttempt, stepId: string): boolean {
		const step = data.contents[attempt.versionId]?.content.steps.find((s) => s.id === stepId);
		return !!step && step.kind !== 'card';
	}

	async function send(batch: { attempts: unknown[] }, ids: Set<string>, attemptIds: Set<string>) {
		const doFetch = options.fetch ?? globalThis.fetch;
		const response = await doFetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			credentials: 'same-origin',
			body: JSON.stringify(batch)
		});
		if (response.status >= 500 || response.status === 429 || response.status === 408) return null;
		if (!response.ok) {
			// The server will never take this batch as it is (refused as unreadable): do not send it forever.
			return { answers: [...ids].map((id) => ({ id, status: 'rejected' as const })), attempts: [...attemptIds].map((id) => ({ id, status: 'rejected' as const })) };
		}
		const body = (await response.json().catch(() => null)) as { answers?: AnswerOutcome[]; attempts?: AttemptOutcome[] } | null;
		if (!body || !Array.isArray(body.answers)) return null;
		return { answers: body.answers, attempts: body.attempts ?? [] };
	}

	async function doFlush(): Promise<FlushResult> {
		const result: FlushResult = { ok: true, accepted: 0, rejected: 0, remaining: 0 };
		const data = read();
		// Queue entries whose attempt is gone cannot be sent.
		const queue = data.queue.filter((q) => data.attempts[q.attemptId]?.answers && Object.values(data.attempts[q.attemptId]!.answers).some((a) => a.id === q.answerId));
		const byAttempt = new Map<string, string[]>();
		for (const q of queue) byAttempt.set(q.attemptId, [...(byAttempt.get(q.attemptId) ?? []), q.answerId]);
		for (const a of Object.values(data.attempts)) if (!a.synced && !byAttempt.has(a.id)) byAttempt.set(a.id, []);

		const batches: { attempts: unknown[]; ids: Set<string>; attemptIds: Set<string> }[] = [];
		let current: (typeof batches)[number] = { attempts: [], ids: new Set(), attemptIds: new Set() };
		for (const [attemptId, answerIds] of byAttempt) {
			const a = data.attempts[attemptId]!;
			const wanted = new Set(answerIds);
			const answers = Object.entries(a.answers)
				.filter(([, ans]) => wanted.has(ans.id))
				.map(([stepId, ans]) => ({ id: ans.id, stepId, response: ans.response, answeredAt: ans.answeredAt }))
				.slice(0, MAX_ANSWERS_PER_BATCH);
			if (current.attempts.length >= MAX_ATTEMPTS_PER_BATCH || current.ids.size + answers.length > MAX_ANSWERS_PER_BATCH) {
				batches.push(current);
				current = { attempts: [], ids: new Set(), attemptIds: new Set() };
			}
			current.attempts.push({
				id: a.id,
				moduleId: a.moduleId,
				versionId: a.versionId,
				kind: a.kind,
				...(a.kind === 'review' ? { plan: a.plan } : {}),
				startedAt: a.startedAt,
				answers
			});
			current.attemptIds.add(a.id);
			for (const ans of answers) current.ids.add(ans.id);
		}
		if (current.attempts.length) batches.push(current);

		for (const batch of batches) {
			let outcome: Awaited<ReturnType<typeof send>>;
			try {
				outcome = await send({ attempts: batch.attempts }, batch.ids, batch.attemptIds);
			} catch {
				outcome = null; // offline
			}
			if (!outcome) {
				result.ok = false;
				break;
			}
			const done = new Set(outcome.answers.filter((o) => batch.ids.has(o.id)).map((o) => o.id));
			result.accepted += outcome.answers.filter((o) => done.has(o.id) && o.status === 'accepted').length;
			result.rejected += outcome.answers.filter((o) => done.has(o.id) && o.status === 'rejected').length;
			const settled = new Map(outcome.attempts.map((o) => [o.id, o.status]));
			// Re-read: another tab or the player may have written meanwhile.
			update((fresh) => {
				fresh.queue = fresh.queue.filter((q) => !done.has(q.answerId));
				for (const [id, status] of settled) {
					const a = fresh.attempts[id];
					if (!a) continue;
					// A refused attempt (not this person's, module withdrawn) will never be taken: it is kept
					// for display but no longer sent.
					if (status === 'accepted' || status === 'rejected') a.synced = true;
				}
			});
		}
		const fresh = read();
		result.remaining = fresh.queue.length;
		return result;
	}

	return {
		read,

		/** Called on every change (this tab), e.g. to refresh a count. Returns the unsubscribe. */
		subscribe: state.subscribe,

		/** False when the data could only be kept in memory (storage missing or full). */
		get persistent(): boolean {
			return state.persistent;
		},

		getContent(versionId: string): SavedContent | null {
			return read().contents[versionId] ?? null;
		},

		saveContent(input: Omit<SavedContent, 'savedAt'>): boolean {
			return update((d) => {
				d.contents[input.versionId] = { ...input, savedAt: now().toISOString() };
			});
		},

		getAttempt(id: string): LocalAttempt | null {
			return read().attempts[id] ?? null;
		},

		/** Local attempts, most recent first. */
		listAttempts(): LocalAttempt[] {
			return Object.values(read().attempts).sort((x, y) => y.updatedAt.localeCompare(x.updatedAt));
		},

		/**
		 * Records an attempt known to the server (the play page) or started on this device. Answers the
		 * server already has are merged in (they win for their step); local answers not sent yet stay.
		 */
		saveAttempt(input: Omit<LocalAttempt, 'updatedAt' | 'answers' | 'startedAt'> & { startedAt?: string; answers?: Record<string, LocalAnswer> }): LocalAttempt {
			let saved: LocalAttempt | null = null;
			update((d) => {
				const existing = d.attempts[input.id];
				const answers = { ...(existing?.answers ?? {}) };
				const queuedIds = new Set(d.queue.map((q) => q.answerId));
				for (const [stepId, answer] of Object.entries(input.answers ?? {})) {
					const mine = answers[stepId];
					if (mine && mine.id !== answer.id && queuedIds.has(mine.id)) {
						// The server kept another answer for this step: ours will never count.
						d.queue = d.queue.filter((q) => q.answerId !== mine.id);
					}
					answers[stepId] = answer;
				}
				saved = d.attempts[input.id] = {
					id: input.id,
					slug: input.slug,
					moduleId: input.moduleId,
					versionId: input.versionId,
					kind: input.kind,
					plan: input.plan,
					startedAt: existing?.startedAt ?? input.startedAt ?? now().toISOString(),
					updatedAt: now().toISOString(),
					answers,
					synced: input.synced || !!existing?.synced
				};
			});
			return saved!;
		},

		/** Starts a play-through on this device (offline): the server learns about it at the next sync. */
		startLocalAttempt(content: SavedContent, kind: 'module' | 'review' = 'module', plan?: string[]): LocalAttempt {
			return this.saveAttempt({
				id: newId(),
				slug: content.slug,
				moduleId: content.moduleId,
				versionId: content.versionId,
				kind,
				plan: plan ?? content.content.steps.map((s) => s.id),
				synced: false
			});
		},

		/** Keeps the first answer of a step (like the server); queues it for sending. False if already answered. */
		recordAnswer(attemptId: string, stepId: string, response: Response, id: string = newId()): LocalAnswer | null {
			let recorded: LocalAnswer | null = null;
			update((d) => {
				const attempt = d.attempts[attemptId];
				if (!attempt || attempt.answers[stepId]) return;
				recorded = { id, response, answeredAt: now().toISOString() };
				attempt.answers[stepId] = recorded;
				attempt.updatedAt = recorded.answeredAt;
				d.queue.push({ attemptId, answerId: id });
			});
			return recorded;
		},

		/** Something to tell the server: queued answers, or an attempt started on this device. */
		needsSync(): boolean {
			const d = read();
			return d.queue.length > 0 || Object.values(d.attempts).some((a) => !a.synced);
		},

		/** Answers waiting to be sent (all, or of one attempt). */
		pending(attemptId?: string): number {
			const q = read().queue;
			return attemptId ? q.filter((x) => x.attemptId === attemptId).length : q.length;
		},

		/** Removes a module and its play-throughs from this device (answers not sent are lost). */
		forget(versionId: string): void {
			update((d) => {
				const ids = new Set(Object.values(d.attempts).filter((a) => a.versionId === versionId).map((a) => a.id));
				for (const id of ids) delete d.attempts[id];
				d.queue = d.queue.filter((q) => !ids.has(q.attemptId));
				delete d.contents[versionId];
			});
		},

		/**
		 * Sends the queue. Never throws. One run at a time: a call during a run (e.g. the network just
		 * came back) runs once more after it, for what the current run could not send.
		 */
		flush(): Promise<FlushResult> {
			if (flushing) {
				rerun ??= flushing.then(() => {
					rerun = null;
					return this.flush();
				});
				return rerun;
			}
			flushing = doFlush()
				.catch(() => ({ ok: false, accepted: 0, rejected: 0, remaining: read().queue.length }))
				.finally(() => {
					flushing = null;
				});
			return flushing;
		}
	};
}

export type OfflineStore = ReturnType<typeof createOfflineStore>;

let browserStore: OfflineStore | null = null;

/** localStorage, or null where it is missing or refused (some private modes throw on access). */
function browserStorage(): StorageLike | null {
	try {
		const s = globalThis.localStorage;
		if (!s) return null;
		const probe = `${STORE_KEY}.probe`;
		s.setItem(probe, '1');
		s.removeItem(probe);
		return s;
	} catch {
		// Full storage also fails the probe: still read what is there.
		try {
			return globalThis.localStorage ?? null;
		} catch {
			return null;
		}
	}
}

/** The store of this browser (one per page). */
export function offlineStore(): OfflineStore {
	browserStore ??= createOfflineStore({ storage: browserStorage() });
	return browserStore;
}

/**
 * Sends waiting answers now, when the network comes back, and every minute while some remain
 * (e.g. the server was briefly unreachable). Returns the function that stops it.
 */
export function startAutoSync(
	store: OfflineStore,
	target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
	retryMs = 60_000,
	onSent?: (result: FlushResult) => void
): () => void {
	let timer: ReturnType<typeof setTimeout> | null = null;
	let stopped = false;
	const run = async () => {
		if (timer) clearTimeout(timer);
		timer = null;
		if (stopped || !store.needsSync()) return;
		const result = await store.flush();
		if (!stopped && result.accepted > 0) onSent?.(result);
		if (!stopped && !result.ok && store.needsSync()) timer = setTimeout(run, retryMs);
	};
	const onOnline = () => void run();
	target.addEventListener('online', onOnline);
	void run();
	return () => {
		stopped = true;
		if (timer) clearTimeout(timer);
		target.removeEventListener('online', onOnline);
	};
}
