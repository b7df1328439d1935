import { afterEach, describe, expect, it, vi } from 'vitest';
import { newDeviceId, oneRunAtATime, startRetryLoop } from './device-sync';

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

/** A window that only knows `online` listeners. */
function fakeWindow() {
	const listeners = new Set<() => void>();
	const target = {
		addEventListener: (_type: string, fn: () => void) => void listeners.add(fn),
		removeEventListener: (_type: string, fn: () => void) => void listeners.delete(fn)
	} as unknown as Pick<Window, 'addEventListener' | 'removeEventListener'>;
	return { target, online: () => listeners.forEach((fn) => fn()), listeners };
}

describe('identifiants faits sur l’appareil', () => {
	it('sont des UUID v4, aussi sans crypto.randomUUID', () => {
		const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
		expect(newDeviceId()).toMatch(uuid);
		vi.stubGlobal('crypto', {
			getRandomValues: (b: Uint8Array) => {
				b.forEach((_, i) => (b[i] = (i * 37) & 0xff));
				return b;
			}
		});
		expect(newDeviceId()).toMatch(uuid);
		vi.stubGlobal('crypto', undefined);
		const ids = new Set(Array.from({ length: 50 }, () => newDeviceId()));
		expect(ids.size).toBe(50);
		for (const id of ids) expect(id).toMatch(uuid);
	});
});

describe('un envoi à la fois', () => {
	it('un appel pendant un envoi en relance un seul après lui, partagé ; une autre clé passe', async () => {
		const oneRun = oneRunAtATime<string, number>();
		let runs = 0;
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const start = () => {
			runs++;
			return runs === 1 ? gate.then(() => runs) : Promise.resolve(runs);
		};
		const first = oneRun('a', start);
		const second = oneRun('a', start);
		const third = oneRun('a', start);
		expect(second).toBe(third);
		expect(await oneRun('b', () => Promise.resolve(99))).toBe(99);
		expect(runs).toBe(1);
		release();
		expect(await first).toBe(1);
		expect(await second).toBe(2);
		expect(runs).toBe(2);
		// Once idle, a call starts a new run at once.
		expect(await oneRun('a', start)).toBe(3);
	});
});

describe('la boucle de renvoi', () => {
	it('envoie tout de suite, au retour du réseau, toutes les retryMs tant que quelque chose attend, plus rien après stop', async () => {
		vi.useFakeTimers();
		const { target, online, listeners } = fakeWindow();
		let waiting = 2;
		const flush = vi.fn(async () => {
			waiting = Math.max(0, waiting - 1);
			return waiting;
		});
		const flushed: number[] = [];
		const loop = startRetryLoop({ hasWaiting: () => waiting > 0, flush, onFlushed: (r) => flushed.push(r) }, { target, retryMs: 1000 });
		await vi.advanceTimersByTimeAsync(0);
		expect(flush).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(999);
		expect(flush).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(flush).toHaveBeenCalledTimes(2);
		expect(flushed).toEqual([1, 0]);
		// Nothing waits: no timer, and `run` says so.
		await vi.advanceTimersByTimeAsync(5000);
		expect(flush).toHaveBeenCalledTimes(2);
		expect(await loop.run()).toBeNull();
		// Something new, then the network comes back.
		waiting = 1;
		online();
		await vi.advanceTimersByTimeAsync(0);
		expect(flush).toHaveBeenCalledTimes(3);
		waiting = 5;
		await loop.run();
		loop.stop();
		expect(listeners.size).toBe(0);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(flush).toHaveBeenCalledTimes(4);
	});
});
