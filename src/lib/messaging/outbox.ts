/**
 * The device's outbox for messages (browser only, no dependency).
 *
 * A message written in a conversation is first kept here (localStorage, one versioned key), then
 * sent. It leaves the outbox only when the server took it, or refused it for a reason a retry cannot
 * fix (then it stays, marked "non envoyé" with the French reason, until the person deletes it). The
 * message id is made here and is the server's idempotency key: sending it twice stores it once.
 *
 * Safe when storage is missing (private mode) or full: the outbox then lives in memory for the life
 * of the page. The storage and the send function are injected (tested in outbox.test.ts).
 */

import { createDeviceState, type StorageLike } from '../device-state';
import { browserStorage, newDeviceId, oneRunAtATime, startRetryLoop, type RetryLoopOptions } from '../device-sync';

export type { StorageLike };

export const OUTBOX_KEY = 'tremplin.messagerie.v1';
export const RETRY_MS = 20_000;

export interface OutboxMessage {
	/** Which conversation (here: the path of its page). */
	conversationId: string;
	clientId: string;
	body: string;
	createdAt: string;
	/** Set when the server refused it for good: the French reason. */
	failure?: string;
}

/** What the server did with one message. */
export type SendOutcome = { status: 'accepted' } | { status: 'rejected'; reason: string } | { status: 'retry' };

export interface FlushResult {
	/** Every waiting message was answered by the server (false: offline, try again later). */
	ok: boolean;
	accepted: number;
	rejected: number;
	/** Messages still waiting to be sent (not counting refused ones). */
	remaining: number;
}

interface OutboxData {
	v: 1;
	messages: OutboxMessage[];
}

const empty = (): OutboxData => ({ v: 1, messages: [] });

function isMessage(m: unknown): m is OutboxMessage {
	if (typeof m !== 'object' || m === null) return false;
	const r = m as Record<string, unknown>;
	return typeof r.conversationId === 'string' && typeof r.clientId === 'string' && typeof r.body === 'string' && typeof r.createdAt === 'string';
}

function parse(raw: string | null): OutboxData {
	if (!raw) return empty();
	try {
		const data = JSON.parse(raw) as unknown;
		if (typeof data !== 'object' || data === null) return empty();
		const d = data as Record<string, unknown>;
		if (d.v !== 1 || !Array.isArray(d.messages)) return empty();
		return { v: 1, messages: d.messages.filter(isMessage) };
	} catch {
		return empty();
	}
}

/** The message's id, made on the device: the server's idempotency key. */
export const newClientId = newDeviceId;

export function createOutbox(options: { storage: StorageLike | null }) {
	const { storage } = options;
	const oneRun = oneRunAtATime<null, FlushResult>();
	const state = createDeviceState<OutboxData>({ storage, key: OUTBOX_KEY, parse, empty });
	const { read, update } = state;

	async function doFlush(send: (m: OutboxMessage) => Promise<SendOutcome>): Promise<FlushResult> {
		const result: FlushResult = { ok: true, accepted: 0, rejected: 0, remaining: 0 };
		// Creation order; a message that cannot go yet holds back the ones written after it.
		const waiting = read().messages.filter((m) => !m.failure);
		for (const m of waiting) {
			let outcome: SendOutcome;
			try {
				outcome = await send(m);
			} catch {
				outcome = { status: 'retry' };
			}
			if (outcome.status === 'retry') {
				result.ok = false;
				break;
			}
			if (outcome.status === 'accepted') result.accepted++;
			else result.rejected++;
			// Re-read: another tab may have written meanwhile.
			update((d) => {
				if (outcome.status === 'accepted') d.messages = d.messages.filter((x) => x.clientId !== m.clientId);
				else for (const x of d.messages) if (x.clientId === m.clientId) x.failure = outcome.reason;
			});
		}
		result.remaining = read().messages.filter((m) => !m.failure).length;
		return result;
	}

	return {
		/** Called on every change made by this page. Returns the unsubscribe. */
		subscribe: state.subscribe,

		/** False when the messages could only be kept in memory (storage missing or full). */
		get persistent(): boolean {
			return state.persistent;
		},

		/** Keeps a message to send. Returns it (also when it could only be kept in memory). */
		enqueue(input: { conversationId: string; body: string; clientId?: string; createdAt?: string }): OutboxMessage {
			const message: OutboxMessage = {
				conversationId: input.conversationId,
				clientId: input.clientId ?? newClientId(),
				body: input.body,
				createdAt: input.createdAt ?? new Date().toISOString()
			};
			update((d) => {
				if (!d.messages.some((m) => m.clientId === message.clientId)) d.messages.push(message);
			});
			return message;
		},

		/** Messages of a conversation not sent yet (waiting, or refused), in creation order. */
		pending(conversationId: string): OutboxMessage[] {
			return read().messages.filter((m) => m.conversationId === conversationId);
		},

		/** Something to send (refused messages do not count). */
		hasWaiting(): boolean {
			return read().messages.some((m) => !m.failure);
		},

		/** Removes messages: deleted by the person, or already shown by the server (same id). */
		remove(clientIds: Iterable<string>): void {
			const ids = new Set(clientIds);
			const data = read();
			if (!data.messages.some((m) => ids.has(m.clientId))) return;
			update((d) => {
				d.messages = d.messages.filter((m) => !ids.has(m.clientId));
			});
		},

		/**
		 * Sends the waiting messages in creation order. Never throws. One run at a time: a call during
		 * a run (the network just came back) runs once more after it.
		 */
		flush(send: (m: OutboxMessage) => Promise<SendOutcome>): Promise<FlushResult> {
			return oneRun(null, () =>
				doFlush(send).catch(() => ({ ok: false, accepted: 0, rejected: 0, remaining: read().messages.filter((m) => !m.failure).length }))
			);
		}
	};
}

export type Outbox = ReturnType<typeof createOutbox>;

let browserOutbox: Outbox | null = null;

/** The outbox of this browser (one per page). */
export function outbox(): Outbox {
	browserOutbox ??= createOutbox({ storage: browserStorage() });
	return browserOutbox;
}

/**
 * Sends now, when the network comes back, and every `retryMs` while messages wait. `onFlushed` is
 * called after each run. Returns the function that stops it; `run` sends at once (after a new message).
 */
export function startAutoFlush(
	box: Outbox,
	send: (m: OutboxMessage) => Promise<SendOutcome>,
	options: RetryLoopOptions & { onFlushed?: (r: FlushResult) => void } = {}
): { stop: () => void; run: () => Promise<FlushResult | null> } {
	return startRetryLoop(
		{ hasWaiting: () => box.hasWaiting(), flush: () => box.flush(send), onFlushed: options.onFlushed },
		{ target: options.target, retryMs: options.retryMs ?? RETRY_MS }
	);
}
