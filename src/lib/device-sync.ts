/**
 * What the device's outboxes (messages: messaging/outbox.ts, CV edits: cv/outbox.ts) share to send
 * what waits on the phone (browser only, no dependency): ids made on the device, the browser's
 * storage, one sending run at a time, and the retry loop (now, when the network comes back, and
 * every `retryMs` while something waits). Tested in device-sync.test.ts and through both outboxes.
 */
import type { StorageLike } from './device-state';

/** A random UUID, also on browsers without crypto.randomUUID (not a secure context). */
export function newDeviceId(): string {
	const c = globalThis.crypto;
	if (typeof c?.randomUUID === 'function') return c.randomUUID();
	const b = new Uint8Array(16);
	if (c?.getRandomValues) c.getRandomValues(b);
	else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
	b[6] = (b[6]! & 0x0f) | 0x40;
	b[8] = (b[8]! & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The browser's localStorage, or null (absent, or refused: some private modes throw on access). */
export function browserStorage(): StorageLike | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null;
	}
}

/**
 * One run per key at a time: a call during a run (the network just came back) gets one more run
 * after it, shared by every call made meanwhile. `start` must not reject (catch inside).
 */
export function oneRunAtATime<K, R>(): (key: K, start: () => Promise<R>) => Promise<R> {
	const running = new Map<K, Promise<R>>();
	const again = new Map<K, Promise<R>>();
	const call = (key: K, start: () => Promise<R>): Promise<R> => {
		const current = running.get(key);
		if (current) {
			let next = again.get(key);
			if (!next) {
				next = current.then(() => {
					again.delete(key);
					return call(key, start);
				});
				again.set(key, next);
			}
			return next;
		}
		const started = start().finally(() => running.delete(key));
		running.set(key, started);
		return started;
	};
	return call;
}

export interface RetryLoopOptions {
	/** Where the `online` event comes from (the window; a fake in tests). */
	target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
	retryMs?: number;
}

/**
 * Runs `flush` now, on every `online` event, and every `retryMs` while `hasWaiting()`; `onFlushed`
 * after each run. Returns `run` (at once, e.g. after a new edit; null when nothing waited) and `stop`.
 */
export function startRetryLoop<R>(
	loop: { hasWaiting: () => boolean; flush: () => Promise<R>; onFlushed?: (result: R) => void },
	options: RetryLoopOptions & { retryMs: number }
): { stop: () => void; run: () => Promise<R | null> } {
	const target = options.target ?? window;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let stopped = false;
	const run = async (): Promise<R | null> => {
		if (timer) clearTimeout(timer);
		timer = null;
		if (stopped || !loop.hasWaiting()) return null;
		const result = await loop.flush();
		if (stopped) return result;
		loop.onFlushed?.(result);
		if (loop.hasWaiting() && !timer) timer = setTimeout(() => void run(), options.retryMs);
		return result;
	};
	const onOnline = () => void run();
	target.addEventListener('online', onOnline);
	void run();
	return {
		run,
		stop: () => {
			stopped = true;
			if (timer) clearTimeout(timer);
			target.removeEventListener('online', onOnline);
		}
	};
}
