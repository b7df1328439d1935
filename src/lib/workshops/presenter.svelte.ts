/**
 * The presenter's (and the remote's) live view in the browser: follows
 * `GET /pro/ateliers/<id>/animer/flux` (participants' and staff streams), keeps the answer count
 * live from `count` events, reads the snapshot again (`…/animer/etat`) after a state change or
 * a join, and — on the presenter screen only — reveals the answer itself when the timer ends.
 */
import { deserialize } from '$app/forms';
import { msLeft, type ControlAction, type PresenterSnapshot, type PublicState } from './live';

const REFRESH_DEBOUNCE_MS = 150;

export class LivePresenter {
	snapshot = $state<PresenterSnapshot>() as PresenterSnapshot;
	offset = $state(0);
	now = $state(Date.now());
	connected = $state(false);
	error = $state<string | null>(null);
	busy = $state(false);
	/** Index of the question the last full snapshot holds (a `state` event may be ahead of it). */
	loadedIndex = $state(-1);

	private readonly base: string;
	private readonly autoReveal: boolean;
	private source: EventSource | null = null;
	private ticker: ReturnType<typeof setInterval> | null = null;
	private refreshTimer: ReturnType<typeof setTimeout> | null = null;
	private hadError = false;
	private revealSentFor = -1;
	private destroyed = false;

	constructor(snapshot: PresenterSnapshot, options: { autoReveal: boolean }) {
		this.base = `/pro/ateliers/${snapshot.workshop.id}/animer`;
		this.autoReveal = options.autoReveal;
		this.apply(snapshot);
	}

	get state(): PublicState {
		return this.snapshot.state;
	}

	get left(): number | null {
		if (this.state.phase !== 'question') return null;
		return msLeft(this.state, this.offset, this.now);
	}

	start(): void {
		this.ticker = setInterval(() => this.tick(), 250);
		this.listen();
	}

	destroy(): void {
		this.destroyed = true;
		this.source?.close();
		if (this.ticker) clearInterval(this.ticker);
		if (this.refreshTimer) clearTimeout(this.refreshTimer);
	}

	apply(snapshot: PresenterSnapshot): void {
		const previous = this.snapshot as PresenterSnapshot | undefined;
		if (previous && snapshot.state.v < previous.state.v) return;
		// Live counts are coalesced and may arrive before a snapshot read earlier: for the same
		// question, answers only add up, so the largest count seen wins.
		const sameQuestion = previous !== undefined && previous.state.index === snapshot.state.index;
		this.snapshot = sameQuestion && previous.answerCount > snapshot.answerCount ? { ...snapshot, answerCount: previous.answerCount } : snapshot;
		this.loadedIndex = snapshot.state.index;
		this.offset = snapshot.serverNow - Date.now();
	}

	async refresh(): Promise<void> {
		try {
			const response = await fetch(`${this.base}/etat`, { headers: { accept: 'application/json' }, cache: 'no-store' });
			if (response.ok) this.apply((await response.json()) as PresenterSnapshot);
		} catch {
			// Offline: the reconnection refreshes.
		}
	}

	/** Sends a control through the page's form action (the same one the buttons post without JavaScript). */
	async control(action: ControlAction): Promise<void> {
		const body = new FormData();
		body.set('action', action);
		body.set('version', String(this.state.v));
		await this.post('controle', body);
	}

	/** After a form posted with `use:enhance`: show the refusal, or read the new state. */
	async settle(result: { type: string; data?: unknown }): Promise<void> {
		if (result.type === 'failure') {
			const data = result.data as { message?: string } | undefined;
			this.error = data?.message ?? 'Cette action n’a pas pu être faite.';
		} else if (result.type === 'error') {
			this.error = 'Le serveur n’a pas répondu. Réessayez.';
		} else {
			this.error = null;
		}
		await this.refresh();
	}

	private async post(action: string, body: FormData): Promise<void> {
		this.busy = true;
		try {
			const response = await fetch(`${this.base}?/${action}`, {
				method: 'POST',
				body,
				headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
			});
			await this.settle(deserialize(await response.text()));
		} catch {
			this.error = 'Pas de connexion au serveur. Réessayez.';
		} finally {
			this.busy = false;
		}
	}

	private refreshSoon(): void {
		if (this.refreshTimer) return;
		this.refreshTimer = setTimeout(() => {
			this.refreshTimer = null;
			void this.refresh();
		}, REFRESH_DEBOUNCE_MS);
	}

	private listen(): void {
		if (this.destroyed) return;
		const source = new EventSource(`${this.base}/flux?depuis=${this.snapshot.lastEventId}`);
		this.source = source;
		source.addEventListener('open', () => {
			this.connected = true;
			if (this.hadError) {
				this.hadError = false;
				void this.refresh();
			}
		});
		source.addEventListener('error', () => {
			this.connected = false;
			this.hadError = true;
		});
		source.addEventListener('state', (event) => {
			const state = parse<PublicState>(event);
			if (!state || state.v <= this.state.v) return;
			// Shown at once (timer, phase); the question and its answers follow with the snapshot.
			const sameQuestion = state.index === this.state.index;
			this.snapshot = { ...this.snapshot, state, answerCount: sameQuestion ? this.snapshot.answerCount : 0 };
			this.refreshSoon();
		});
		source.addEventListener('count', (event) => {
			const count = parse<{ i: number; n: number }>(event);
			if (count && count.i === this.state.index && count.n > this.snapshot.answerCount) this.snapshot.answerCount = count.n;
		});
		source.addEventListener('players', () => this.refreshSoon());
		source.addEventListener('removed', () => this.refreshSoon());
	}

	private tick(): void {
		this.now = Date.now();
		if (!this.autoReveal || this.busy) return;
		const left = this.left;
		const s = this.state;
		if (s.phase === 'question' && !s.paused && left !== null && left <= 0 && this.revealSentFor !== s.v) {
			// Once per state version: a second screen that revealed first makes this one a no-op.
			this.revealSentFor = s.v;
			void this.control('reveal');
		}
	}
}

function parse<T>(event: Event): T | null {
	try {
		return JSON.parse((event as MessageEvent<string>).data) as T;
	} catch {
		return null;
	}
}
