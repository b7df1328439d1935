/**
 * The player's live session in the browser: follows `GET /atelier/session/<id>/flux` (server-sent
 * events), switches views on `state` with the questions already in the snapshot, refetches the
 * snapshot (`…/etat`) after reveal / leaderboard / end / removal and on every reconnection, and
 * sends answers (`POST …/reponse`), keeping the pending one in memory until the network is back.
 */
import { msLeft, type PlayerSnapshot, type PublicState } from './live';

export type AnswerStatus =
	/** Nothing sent for the current question. */
	| 'idle'
	/** Shown as received at once; on its way to the server. */
	| 'sending'
	/** No network: kept and sent again when it comes back. */
	| 'waiting'
	/** The server recorded it. */
	| 'confirmed'
	/** The server refused it (message shown). */
	| 'refused';

const RETRY_MS = 3000;
/** The refetch after a state waits a little, so that hundreds of phones do not ask at the same millisecond. */
const SPREAD_MS = 400;

export class LivePlayer {
	snapshot = $state<PlayerSnapshot>() as PlayerSnapshot;
	/** Server clock minus the phone's clock (ms). */
	offset = $state(0);
	now = $state(Date.now());
	status = $state<AnswerStatus>('idle');
	/** Response chosen for the current question (shown before the server confirms it). */
	chosen = $state<{ index: number; response: unknown } | null>(null);
	error = $state<string | null>(null);
	online = $state(true);
	connected = $state(false);
	removed = $state(false);
	/** Text for the polite live region: the time left, at most every 10 s. */
	spoken = $state('');

	private readonly base: string;
	private source: EventSource | null = null;
	private pending: { index: number; response: unknown } | null = null;
	private retryTimer: ReturnType<typeof setTimeout> | null = null;
	private ticker: ReturnType<typeof setInterval> | null = null;
	private hadError = false;
	private lastSpokenAt = -1;
	private destroyed = false;
	private cleanups: (() => void)[] = [];

	constructor(snapshot: PlayerSnapshot) {
		this.base = `/atelier/session/${snapshot.workshop.id}`;
		this.apply(snapshot);
	}

	get state(): PublicState {
		return this.snapshot.state;
	}

	/** Milliseconds left on the current question's timer (null: no timer). */
	get left(): number | null {
		if (this.state.phase !== 'question') return null;
		return msLeft(this.state, this.offset, this.now);
	}

	start(): void {
		this.online = navigator.onLine;
		const onOnline = () => {
			this.online = true;
			void this.flush();
			void this.refresh();
		};
		const onOffline = () => (this.online = false);
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		this.cleanups.push(() => {
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOffline);
		});
		this.ticker = setInterval(() => this.tick(), 250);
		this.listen();
	}

	destroy(): void {
		this.destroyed = true;
		this.source?.close();
		this.source = null;
		if (this.ticker) clearInterval(this.ticker);
		if (this.retryTimer) clearTimeout(this.retryTimer);
		for (const cleanup of this.cleanups) cleanup();
	}

	/** Sends an answer: shown as received at once, confirmed (or refused) when the server answers. */
	answer(response: unknown): void {
		const index = this.state.index;
		if (this.state.phase !== 'question' || this.chosen?.index === index) return;
		this.chosen = { index, response };
		this.pending = { index, response };
		this.error = null;
		this.status = 'sending';
		void this.flush();
	}

	/** Reads the snapshot again (after a reveal, a reconnection…). */
	async refresh(): Promise<void> {
		try {
			const response = await fetch(`${this.base}/etat`, { headers: { accept: 'application/json' }, cache: 'no-store' });
			if (response.ok) {
				this.apply((await response.json()) as PlayerSnapshot);
				return;
			}
			const body = (await response.json().catch(() => null)) as { code?: string; message?: string } | null;
			if (body?.code === 'workshops.removed' || response.status === 404 || response.status === 410) {
				this.removed = true;
				this.error = body?.message ?? null;
				this.source?.close();
			}
		} catch {
			// Offline: the next reconnection or `online` event tries again.
		}
	}

	private apply(snapshot: PlayerSnapshot): void {
		const previous = this.snapshot as PlayerSnapshot | undefined;
		if (previous && snapshot.state.v < previous.state.v) return;
		this.snapshot = snapshot;
		this.offset = snapshot.serverNow - Date.now();
		const answer = snapshot.answer;
		if (answer && answer.index === snapshot.state.index) {
			this.chosen = { index: answer.index, response: answer.response };
			if (this.pending?.index === answer.index) this.pending = null;
			if (this.status !== 'refused') this.status = 'confirmed';
		} else if (this.chosen && this.chosen.index !== snapshot.state.index) {
			this.resetAnswer();
		}
	}

	private resetAnswer(): void {
		this.chosen = null;
		this.pending = null;
		this.error = null;
		this.status = 'idle';
	}

	private onState(state: PublicState): void {
		if (state.v <= this.state.v) return;
		const questionChanged = state.index !== this.state.index;
		this.snapshot = { ...this.snapshot, state, ...(questionChanged ? { answer: null, reveal: null } : {}) };
		if (questionChanged && this.chosen?.index !== state.index) this.resetAnswer();
		if (state.phase === 'reveal' || state.phase === 'leaderboard' || state.phase === 'ended') {
			setTimeout(() => void this.refresh(), Math.random() * SPREAD_MS);
		}
		if (state.phase === 'ended') this.source?.close();
	}

	private listen(): void {
		if (this.destroyed || this.state.phase === 'ended') return;
		const source = new EventSource(`${this.base}/flux?depuis=${this.snapshot.lastEventId}`);
		this.source = source;
		source.addEventListener('open', () => {
			this.connected = true;
			if (this.hadError) {
				// Back after a cut: the session may have moved on meanwhile.
				this.hadError = false;
				void this.refresh();
				void this.flush();
			}
		});
		source.addEventListener('error', () => {
			this.connected = false;
			this.hadError = true;
		});
		source.addEventListener('state', (event) => {
			try {
				this.onState(JSON.parse((event as MessageEvent<string>).data) as PublicState);
			} catch {
				// A malformed event is ignored: the next refresh repairs the view.
			}
		});
		source.addEventListener('removed', (event) => {
			try {
				const { player } = JSON.parse((event as MessageEvent<string>).data) as { player: string };
				if (player === this.snapshot.me.id) void this.refresh();
			} catch {
				// ignored
			}
		});
	}

	private async flush(): Promise<void> {
		const pending = this.pending;
		if (!pending || this.destroyed) return;
		if (this.retryTimer) {
			clearTimeout(this.retryTimer);
			this.retryTimer = null;
		}
		if (!navigator.onLine) {
			this.status = 'waiting';
			return; // the `online` event sends it
		}
		try {
			const response = await fetch(`${this.base}/reponse`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(pending),
				credentials: 'same-origin'
			});
			if (this.pending !== pending) return;
			const body = (await response.json().catch(() => null)) as { outcome?: string; code?: string; message?: string } | null;
			if (response.ok) {
				this.pending = null;
				this.status = 'confirmed';
				return;
			}
			if (response.status >= 500 || response.status === 429) throw new Error('retry');
			this.pending = null;
			this.status = 'refused';
			this.error = body?.message ?? 'Ta réponse n’a pas pu être enregistrée.';
			if (body?.code === 'workshops.removed') this.removed = true;
			// Paused, or a response the server could not read: the player may answer again.
			if (body?.code === 'workshops.paused' || body?.code === 'workshops.invalid_answer') this.chosen = null;
		} catch {
			if (this.pending !== pending) return;
			this.status = 'waiting';
			this.retryTimer = setTimeout(() => void this.flush(), RETRY_MS);
		}
	}

	private tick(): void {
		this.now = Date.now();
		const left = this.left;
		if (left === null || this.state.paused) return;
		const seconds = Math.ceil(left / 1000);
		// Announced at most every 10 s: at 30, 20, 10 s left, then « Temps écoulé ».
		if (seconds > 0 && seconds % 10 === 0 && seconds !== this.lastSpokenAt) {
			this.lastSpokenAt = seconds;
			this.spoken = `Encore ${seconds} secondes.`;
		} else if (seconds === 0 && this.lastSpokenAt !== 0) {
			this.lastSpokenAt = 0;
			this.spoken = 'Temps écoulé.';
		}
	}
}
