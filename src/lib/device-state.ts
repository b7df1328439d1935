/**
 * A piece of state kept on the device (browser only, no dependency), shared by the learning
 * player's offline store and the messages and CV outboxes: one versioned localStorage key, read and written
 * as JSON; when storage is missing, refused or full, the state lives in memory for the life of the
 * page (nothing is lost while it is open). `evict` may free room in a copy of the data before a
 * new try (the learning store drops what it no longer needs). Storage is injected: tests use a fake.
 */

export interface StorageLike {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export function createDeviceState<T>(options: {
	storage: StorageLike | null;
	key: string;
	/** Reads what storage holds (null when nothing); may throw on damaged data. */
	parse: (raw: string | null) => T;
	empty: () => T;
	/** Frees room in `data` (a copy); false when nothing more can go. */
	evict?: (data: T) => boolean;
}) {
	const { storage, key, parse, empty, evict } = options;
	let memory: T | null = null;
	const listeners = new Set<() => void>();

	function read(): T {
		if (memory) return memory;
		if (!storage) return (memory = empty());
		try {
			return parse(storage.getItem(key));
		} catch {
			return (memory = empty());
		}
	}

	/** Saves `data`; false when it could only be kept in memory. Tells the subscribers. */
	function write(data: T): boolean {
		let saved = false;
		if (storage) {
			let trial = data;
			for (let tries = 0; tries < 50; tries++) {
				try {
					storage.setItem(key, JSON.stringify(trial));
					saved = true;
					break;
				} catch {
					// Full (QuotaExceededError) or refused: make room on a copy and try again, if we can.
					if (!evict) break;
					if (trial === data) trial = structuredClone(data);
					if (!evict(trial)) break;
				}
			}
		}
		memory = saved ? null : data;
		for (const fn of listeners) fn();
		return saved;
	}

	return {
		read,
		write,
		update(fn: (data: T) => void): boolean {
			const data = read();
			fn(data);
			return write(data);
		},
		/** Called on every change made by this page. Returns the unsubscribe. */
		subscribe(fn: () => void): () => void {
			listeners.add(fn);
			return () => listeners.delete(fn);
		},
		/** False when the data could only be kept in memory (storage missing or full). */
		get persistent(): boolean {
			return memory === null && storage !== null;
		}
	};
}
