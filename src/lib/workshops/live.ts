/**
 * Live workshops: what the browser and the server share (types, event names, pure helpers).
 * Browser-safe: no server import. The server side is `src/lib/server/modules/workshops`.
 *
 * Realtime (platform/realtime, server-sent events + POST):
 * - stream `workshop:<id>` — every participant (players and presenters):
 *   `state` (PublicState) after every change of phase, question, timer or leaderboard visibility;
 *   `removed` ({ player }) when the counselor removes a player.
 * - stream `workshop:<id>:staff` — presenters only:
 *   `count` (AnswerCount) after answers, coalesced (≤ 1 per ~40 ms per server process: keep the
 *   largest `n` of the current question); `players` (PlayerCount) after every join or removal.
 * Every payload stays well under 1 KB: players get the questions (without answers) with the page,
 * and fetch their snapshot (`GET …/etat`) after `reveal`/`leaderboard`/`ended` states.
 */
import type { Verdict } from '$lib/learning/content';

export type LivePhase = 'scheduled' | 'lobby' | 'question' | 'reveal' | 'leaderboard' | 'ended';

/** What every participant may know of the session (payload of `state`). */
export interface PublicState {
	/** `state_version`: increases at every change; controls send the version they saw. */
	v: number;
	phase: LivePhase;
	/** Current question (0-based), −1 before the first one. */
	index: number;
	total: number;
	/** Epoch ms (server clock) when answers stop; null without timer, or while paused. */
	deadline: number | null;
	/** Length of the question's timer in ms (null: no timer), for a progress bar. */
	durationMs: number | null;
	paused: boolean;
	/** While paused: what was left of the timer (ms). */
	remainingMs: number | null;
	leaderboardHidden: boolean;
}

export interface AnswerCount {
	/** Question index. */
	i: number;
	/** Answers received for it so far. */
	n: number;
}

export interface PlayerCount {
	/** Players in the session (not removed). */
	n: number;
}

/** A question as players see it before the reveal: no correctness, no feedback, no explanation. */
export type PlayerQuestion =
	| { kind: 'single' | 'multiple'; id: string; prompt: string; choices: { id: string; label: string }[] }
	| { kind: 'situation'; id: string; situation: string; prompt: string; choices: { id: string; label: string }[] }
	| { kind: 'true_false'; id: string; prompt: string }
	| { kind: 'order'; id: string; prompt: string; items: { id: string; label: string }[] };

/** After the reveal: what was right, and why. */
export interface RevealView {
	index: number;
	/** Choice ids that are right (single, multiple), ids of `best` then `acceptable` (situation). */
	correctChoiceIds: string[];
	/** Situations: verdict of every choice. */
	verdicts?: Record<string, Verdict>;
	/** true_false: the right value. */
	answer?: boolean;
	/** order: item ids in the right order. */
	order?: string[];
	explanation: string;
	/** How many picked each choice (`true`/`false` for true_false; `correct`/`wrong` for order). */
	distribution: Record<string, number>;
	answered: number;
}

export interface LeaderboardRow {
	rank: number;
	nickname: string;
	score: number;
	/** Present only in the presenter's snapshot. */
	playerId?: string;
}

/** What the player's page needs (load and `GET /atelier/session/<id>/etat`). */
export interface PlayerSnapshot {
	workshop: { id: string; title: string };
	state: PublicState;
	/** Server's clock when the snapshot was made (epoch ms): the phone computes its offset. */
	serverNow: number;
	/** The last realtime event id read before the snapshot: open the stream with `?depuis=`. */
	lastEventId: number;
	/** Every question of the session, without answers (so that "next" needs no fetch). */
	questions: PlayerQuestion[];
	me: { id: string; nickname: string; score: number; rank: number | null; signedIn: boolean };
	/** The player's answer to the current question, if any (correctness only once revealed). */
	answer: { index: number; response: unknown; correct: boolean | null; verdict: Verdict | null; points: number | null; feedback: string[] } | null;
	/** Once the current question is revealed (phases reveal, leaderboard, ended). */
	reveal: RevealView | null;
	/** Top 5, when the phase is leaderboard or ended and the leaderboard is not hidden. */
	leaderboard: LeaderboardRow[] | null;
}

/** What the presenter's and the remote's pages need (load and `GET /pro/ateliers/<id>/animer/etat`). */
export interface PresenterSnapshot {
	workshop: { id: string; title: string; joinCode: string | null; joinPath: string | null; capacity: number };
	state: PublicState;
	serverNow: number;
	lastEventId: number;
	players: { id: string; nickname: string; signedIn: boolean; score: number }[];
	/** Current question with its answers (presenters are staff); null in the lobby. */
	question: import('$lib/learning/content').Question | null;
	/** Answers to the current question so far. */
	answerCount: number;
	reveal: RevealView | null;
	/** Full ranking (the presenter decides whether to show it). */
	leaderboard: LeaderboardRow[];
}

/** The controls a presenter (or their remote) sends, with the version they saw. */
export const CONTROL_ACTIONS = [
	'start', // lobby → first question
	'next', // reveal / leaderboard → next question (or ended after the last)
	'reveal', // question → reveal (closes answers)
	'leaderboard', // reveal → leaderboard
	'pause', // question → paused (timer frozen)
	'resume', // paused → question (timer continues)
	'hide_leaderboard',
	'show_leaderboard',
	'end' // any → ended
] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** Points: 1,000 at most per question (see `workshops.scoring.ts` for the rule). */
export const MAX_POINTS = 1000;

/** Join path for a code (QR code and link shown in the lobby). */
export const joinPath = (code: string) => `/atelier/${code}`;

/** Milliseconds left before the deadline, on the phone's clock corrected by the server offset. */
export function msLeft(state: PublicState, serverOffsetMs: number, now = Date.now()): number | null {
	if (state.paused) return state.remainingMs;
	if (state.deadline === null) return null;
	return Math.max(0, state.deadline - (now + serverOffsetMs));
}
