import { and, asc, eq, gt, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { youthProfiles } from '$lib/server/modules/accounts/accounts.schema';
import { actorOf, aYouth, aWorld, type World } from '$lib/server/testing/world';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { latestEventId, realtimeEvents } from '$lib/server/platform/realtime';
import type { AnswerCount, ControlAction, PublicState } from '$lib/workshops/live';
import { aPlayer, aWorkshop } from './workshops.fixtures';
import { COUNT_INTERVAL_MS, liveCountsSettled } from './workshops.live';
import { forgetSharedViews, sharedViewCount } from './workshops.snapshots';
import { workshopAnswers, workshopPlayers, workshops, type WorkshopPlayerRow } from './workshops.schema';
import {
	controlWorkshop,
	findWorkshopByCode,
	getPlayerSnapshot,
	getPlayerSnapshotBySecret,
	getPresenterSnapshot,
	joinWorkshop,
	openLobby,
	playerFromSecret,
	playerStatus,
	removePlayer,
	submitAnswer,
	submitAnswerWithSecret,
	workshopStaffStream,
	workshopStream
} from './index';

let handle: DatabaseHandle;
let deps: Deps;
let world: World;
let clock = new Date('2025-03-10T09:00:00Z');
const tick = (ms: number) => {
	clock = new Date(clock.getTime() + ms);
};

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent' }), now: () => clock });
	world = await aWorld(deps.db);
});
afterAll(() => handle.close());
beforeEach(() => tick(3600_000));

async function expectDomainError(promise: Promise<unknown>, code: string) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	expect((error as DomainError).code).toBe(code);
	return error as DomainError;
}

const counselor = () => world.actors.counselor;

/** A workshop of Lyon, opened (lobby), with its state. */
async function anOpenWorkshop(overrides: Partial<typeof workshops.$inferInsert> = {}) {
	const row = await aWorkshop(deps.db, { structureId: world.structures.lyon.id, createdBy: world.people.counselor.id, ...overrides });
	const state = await openLobby(deps, counselor(), row.id);
	return { id: row.id, state };
}

async function control(id: string, action: ControlAction, actor: Actor = counselor()) {
	const [row] = await deps.db.select({ v: workshops.stateVersion }).from(workshops).where(eq(workshops.id, id));
	const result = await controlWorkshop(deps, actor, id, { action, version: row!.v });
	expect(result.applied).toBe(true);
	return result.state;
}

async function aGuest(workshopId: string, nickname: string): Promise<{ player: WorkshopPlayerRow; secret: string }> {
	const { secret } = await joinWorkshop(deps, null, workshopId, { nickname });
	const player = await playerFromSecret(deps, workshopId, secret);
	return { player: player!, secret };
}

const eventsOf = (stream: string, afterId = 0) =>
	deps.db
		.select()
		.from(realtimeEvents)
		.where(and(eq(realtimeEvents.stream, stream), gt(realtimeEvents.id, afterId)))
		.orderBy(asc(realtimeEvents.id));

describe('opening the lobby', () => {
	it('gives a six-digit code, publishes the state, and is idempotent', async () => {
		const row = await aWorkshop(deps.db, { structureId: world.structures.lyon.id, createdBy: null });
		const state = await openLobby(deps, counselor(), row.id);
		expect(state).toMatchObject({ phase: 'lobby', index: -1, total: 3, v: 1, deadline: null, paused: false });
		const [opened] = await deps.db.select().from(workshops).where(eq(workshops.id, row.id));
		expect(opened!.joinCode).toMatch(/^[0-9]{6}$/);
		expect(opened!.openedAt).toEqual(clock);
		const events = await eventsOf(workshopStream(row.id));
		expect(events.map((e) => e.type)).toEqual(['state']);
		expect(await openLobby(deps, world.actors.counselor2, row.id)).toEqual(state);
		expect(await eventsOf(workshopStream(row.id))).toHaveLength(1);
	});

	it('needs a question', async () => {
		const row = await aWorkshop(deps.db, { structureId: world.structures.lyon.id, createdBy: null, questions: [] });
		await expectDomainError(openLobby(deps, counselor(), row.id), 'workshops.no_questions');
	});

	it('is refused to anyone but the staff of the structure', async () => {
		const row = await aWorkshop(deps.db, { structureId: world.structures.lyon.id, createdBy: null });
		for (const actor of [world.actors.otherCounselor, world.actors.farCounselor, world.actors.youth, world.actors.referent, world.actors.admin]) {
			await expectDomainError(openLobby(deps, actor, row.id), 'workshops.not_found');
		}
		await expectDomainError(openLobby(deps, counselor(), crypto.randomUUID()), 'workshops.not_found');
		await expectDomainError(openLobby(deps, counselor(), 'pas-un-id'), 'workshops.not_found');
	});
});

describe('controls', () => {
	it('run a whole session: start, reveal, leaderboard, next… then ended after the last', async () => {
		const { id } = await anOpenWorkshop();
		let s = await control(id, 'start');
		expect(s).toMatchObject({ phase: 'question', index: 0, deadline: clock.getTime() + 30_000, durationMs: 30_000 });
		s = await control(id, 'reveal');
		expect(s).toMatchObject({ phase: 'reveal', index: 0, deadline: null, durationMs: null });
		s = await control(id, 'leaderboard');
		expect(s.phase).toBe('leaderboard');
		s = await control(id, 'next');
		expect(s).toMatchObject({ phase: 'question', index: 1 });
		await control(id, 'reveal');
		s = await control(id, 'next'); // from reveal directly
		expect(s).toMatchObject({ phase: 'question', index: 2 });
		s = await control(id, 'hide_leaderboard');
		expect(s.leaderboardHidden).toBe(true);
		await control(id, 'reveal');
		s = await control(id, 'next');
		expect(s).toMatchObject({ phase: 'ended', index: 2, leaderboardHidden: true });
		const states = (await eventsOf(workshopStream(id))).map((e) => e.payload as PublicState);
		expect(states.map((x) => x.v)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(states.at(-1)!.phase).toBe('ended');
	});

	it('refuse what is not possible now', async () => {
		const { id } = await anOpenWorkshop();
		for (const action of ['reveal', 'next', 'leaderboard', 'pause', 'resume'] as const) {
			await expectDomainError(controlWorkshop(deps, counselor(), id, { action, version: 1 }), 'workshops.control_refused');
		}
		await expectDomainError(
			controlWorkshop(deps, counselor(), id, { action: 'explode' as ControlAction, version: 1 }),
			'workshops.control_refused'
		);
		await control(id, 'start');
		await expectDomainError(controlWorkshop(deps, counselor(), id, { action: 'start', version: 2 }), 'workshops.control_refused');
		await expectDomainError(controlWorkshop(deps, counselor(), id, { action: 'leaderboard', version: 2 }), 'workshops.control_refused');
		await control(id, 'end');
		for (const action of ['end', 'show_leaderboard', 'start'] as const) {
			await expectDomainError(controlWorkshop(deps, counselor(), id, { action, version: 3 }), 'workshops.control_refused');
		}
	});

	it('ignore a stale version (double click, second screen): nothing changes', async () => {
		const { id } = await anOpenWorkshop();
		await control(id, 'start');
		await control(id, 'reveal');
		const before = (await eventsOf(workshopStream(id))).length;
		const stale = await controlWorkshop(deps, counselor(), id, { action: 'next', version: 2 });
		expect(stale).toMatchObject({ applied: false, state: { phase: 'reveal', v: 3 } });
		expect(await eventsOf(workshopStream(id))).toHaveLength(before);
	});

	it('apply exactly one of two concurrent `next` with the same version', async () => {
		const { id } = await anOpenWorkshop();
		await control(id, 'start');
		const s = await control(id, 'reveal');
		const results = await Promise.all([
			controlWorkshop(deps, world.actors.counselor, id, { action: 'next', version: s.v }),
			controlWorkshop(deps, world.actors.counselor2, id, { action: 'next', version: s.v })
		]);
		expect(results.filter((r) => r.applied)).toHaveLength(1);
		const [row] = await deps.db.select().from(workshops).where(eq(workshops.id, id));
		expect(row).toMatchObject({ currentIndex: 1, phase: 'question', stateVersion: s.v + 1 });
	});

	it('cannot be sent by a counselor of another structure', async () => {
		const { id } = await anOpenWorkshop();
		await expectDomainError(controlWorkshop(deps, world.actors.otherCounselor, id, { action: 'start', version: 1 }), 'workshops.not_found');
		await expectDomainError(controlWorkshop(deps, null, id, { action: 'start', version: 1 }), 'access.unauthenticated');
		expect(await getPresenterSnapshot(deps, world.actors.otherCounselor, id)).toBeNull();
		expect(await getPresenterSnapshot(deps, world.actors.farManager, id)).toBeNull();
		expect(await getPresenterSnapshot(deps, world.actors.youth, id)).toBeNull();
		expect(await getPresenterSnapshot(deps, null, id)).toBeNull();
		expect(await getPresenterSnapshot(deps, counselor(), 'nimporte')).toBeNull();
	});

	it('record a contact « atelier » for signed-in youth when the session ends', async () => {
		const { id } = await anOpenWorkshop();
		await joinWorkshop(deps, world.actors.youth, id, {});
		await aGuest(id, 'Invité');
		await control(id, 'start');
		await control(id, 'end');
		const [profile] = await deps.db.select().from(youthProfiles).where(eq(youthProfiles.userId, world.youths.youth.id));
		expect(profile).toMatchObject({ lastContactChannel: 'workshop', lastContactAt: clock });
	});
});

describe('pause and timer', () => {
	it('keep the time left across a pause, and the pause does not count in the elapsed time', async () => {
		const { id } = await anOpenWorkshop();
		const { player } = await aGuest(id, 'Patience');
		await control(id, 'start');
		tick(10_000);
		const paused = await control(id, 'pause');
		expect(paused).toMatchObject({ paused: true, remainingMs: 20_000, deadline: null, durationMs: 30_000 });
		await expectDomainError(submitAnswer(deps, player, { index: 0, response: { choice: 'une' } }), 'workshops.paused');
		tick(60_000);
		const resumed = await control(id, 'resume');
		expect(resumed).toMatchObject({ paused: false, remainingMs: null, deadline: clock.getTime() + 20_000, durationMs: 30_000 });
		tick(5_000); // 15 s of the question's 30 s
		await submitAnswer(deps, player, { index: 0, response: { choice: 'une' } });
		const [answer] = await deps.db.select().from(workshopAnswers).where(eq(workshopAnswers.playerId, player.id));
		expect(answer).toMatchObject({ elapsedMs: 15_000, points: 750, correct: true });
	});

	it('accept an answer 1 ms before the deadline and at it, refuse it 1 ms after (no grace)', async () => {
		const { id } = await anOpenWorkshop();
		const a = await aGuest(id, 'Avant');
		const b = await aGuest(id, 'Pile');
		const c = await aGuest(id, 'Après');
		await control(id, 'start');
		tick(29_999);
		expect(await submitAnswer(deps, a.player, { index: 0, response: { choice: 'une' } })).toEqual({ outcome: 'recorded' });
		tick(1);
		expect(await submitAnswer(deps, b.player, { index: 0, response: { choice: 'une' } })).toEqual({ outcome: 'recorded' });
		tick(1);
		await expectDomainError(submitAnswer(deps, c.player, { index: 0, response: { choice: 'une' } }), 'workshops.too_late');
		await expectDomainError(controlWorkshop(deps, counselor(), id, { action: 'pause', version: 2 }), 'workshops.control_refused');
		const points = await deps.db.select({ points: workshopAnswers.points }).from(workshopAnswers).where(eq(workshopAnswers.workshopId, id));
		expect(points.map((p) => p.points).sort()).toEqual([500, 500]);
	});

	it('without timer: no deadline, full points whenever, pause allowed', async () => {
		const { id } = await anOpenWorkshop({ timerSeconds: null });
		const { player } = await aGuest(id, 'Tranquille');
		const s = await control(id, 'start');
		expect(s).toMatchObject({ deadline: null, durationMs: null });
		const p = await control(id, 'pause');
		expect(p).toMatchObject({ paused: true, remainingMs: null });
		await control(id, 'resume');
		tick(3600_000);
		await submitAnswer(deps, player, { index: 0, response: { choice: 'une' } });
		const [answer] = await deps.db.select().from(workshopAnswers).where(eq(workshopAnswers.playerId, player.id));
		expect(answer!.points).toBe(1000);
	});

	it('reveal is allowed while paused', async () => {
		const { id } = await anOpenWorkshop();
		await control(id, 'start');
		await control(id, 'pause');
		expect(await control(id, 'reveal')).toMatchObject({ phase: 'reveal', paused: false, remainingMs: null });
	});
});

describe('joining', () => {
	it('finds an open session by its code, never a scheduled or ended one', async () => {
		const { id } = await anOpenWorkshop();
		const [row] = await deps.db.select().from(workshops).where(eq(workshops.id, id));
		const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
		expect(await findWorkshopByCode(deps, row!.joinCode!, { ip })).toEqual({ id, title: row!.title, phase: 'lobby' });
		expect(await findWorkshopByCode(deps, row!.joinCode!.replace(/(...)/, '$1 '), { ip })).toMatchObject({ id });
		expect(await findWorkshopByCode(deps, '12a456', { ip })).toBeNull();
		expect(await findWorkshopByCode(deps, '1234567', { ip })).toBeNull();
		await control(id, 'end');
		expect(await findWorkshopByCode(deps, row!.joinCode!, { ip })).toBeNull();
	});

	it('limits wrong codes per IP', async () => {
		const ip = '203.0.113.77';
		const codes = Array.from({ length: 21 }, (_, i) => String(900000 + i));
		for (const code of codes) await findWorkshopByCode(deps, code, { ip }).catch(() => null);
		const error = await expectDomainError(findWorkshopByCode(deps, '999999', { ip }), 'workshops.code_rate_limited');
		expect(error.kind).toBe('rate_limited');
		expect(error.retryAfterSeconds).toBeGreaterThan(0);
		expect(await findWorkshopByCode(deps, 'abc', { ip })).toBeNull(); // malformed: no query, no error
	});

	it('lets a guest in with a clean, free nickname; the secret is stored hashed', async () => {
		const { id } = await anOpenWorkshop();
		const since = await latestEventId(deps.db);
		const joined = await joinWorkshop(deps, null, id, { nickname: '  Super   Léa ' });
		expect(joined.nickname).toBe('Super Léa');
		expect(joined.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const [row] = await deps.db.select().from(workshopPlayers).where(eq(workshopPlayers.id, joined.playerId));
		expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
		expect(row!.secretHash).not.toContain(joined.secret);
		expect(row!.youthId).toBeNull();
		await expectDomainError(joinWorkshop(deps, null, id, { nickname: 'super léa' }), 'workshops.nickname_taken');
		await expectDomainError(joinWorkshop(deps, null, id, { nickname: 'c0nnard' }), 'workshops.nickname_refused');
		await expectDomainError(joinWorkshop(deps, null, id, {}), 'workshops.nickname_refused');
		const events = await eventsOf(workshopStaffStream(id), since);
		expect(events.map((e) => [e.type, e.payload])).toEqual([['players', { n: 1 }]]);
	});

	it('lets a youth of the structure in as themself, the same player on a second device', async () => {
		const { id } = await anOpenWorkshop();
		await aGuest(id, 'Karim');
		const first = await joinWorkshop(deps, world.actors.youth, id, { nickname: 'ignoré' });
		expect(first.nickname).toBe('Karim H.');
		const again = await joinWorkshop(deps, world.actors.youth, id, {});
		expect(again.playerId).toBe(first.playerId);
		expect(again.secret).not.toBe(first.secret);
		expect(await playerFromSecret(deps, id, first.secret)).toBeNull();
		expect((await playerFromSecret(deps, id, again.secret))!.youthId).toBe(world.youths.youth.id);
		// Another Karim H. of the structure becomes « Karim 2 ».
		const other = await aYouth(deps.db, world.structures.lyon.id, world.people.counselor.id, { firstName: 'Karim', lastName: 'Hamdi' });
		const otherActor = actorOf({ id: other.id, role: 'youth', structureId: world.structures.lyon.id, networkId: null, companyId: null });
		expect((await joinWorkshop(deps, otherActor, id, {})).nickname).toBe('Karim 2');
	});

	it('treats a youth of another structure, or a professional, as a guest', async () => {
		const { id } = await anOpenWorkshop();
		const otherYouth = actorOf({ id: world.youths.otherYouth.id, role: 'youth', structureId: world.structures.villeurbanne.id, networkId: null, companyId: null });
		const joined = await joinWorkshop(deps, otherYouth, id, { nickname: 'Visiteuse' });
		const pro = await joinWorkshop(deps, world.actors.otherCounselor, id, { nickname: 'Collègue' });
		const players = await deps.db.select().from(workshopPlayers).where(eq(workshopPlayers.workshopId, id));
		expect(players.map((p) => [p.nickname, p.youthId])).toEqual(
			expect.arrayContaining([
				[joined.nickname, null],
				[pro.nickname, null]
			])
		);
		await expectDomainError(joinWorkshop(deps, otherYouth, id, {}), 'workshops.nickname_refused');
	});

	it('refuses scheduled, unknown and ended sessions; a late joiner gets the current state', async () => {
		const scheduled = await aWorkshop(deps.db, { structureId: world.structures.lyon.id, createdBy: null });
		await expectDomainError(joinWorkshop(deps, null, scheduled.id, { nickname: 'Tôt' }), 'workshops.code_unknown');
		await expectDomainError(joinWorkshop(deps, null, crypto.randomUUID(), { nickname: 'Perdu' }), 'workshops.code_unknown');
		await expectDomainError(joinWorkshop(deps, null, 'x', { nickname: 'Perdu' }), 'workshops.code_unknown');
		const { id } = await anOpenWorkshop();
		await control(id, 'start');
		await control(id, 'reveal');
		await control(id, 'next');
		const late = await aGuest(id, 'Retard');
		const snapshot = await getPlayerSnapshot(deps, late.player);
		expect(snapshot.state).toMatchObject({ phase: 'question', index: 1 });
		expect(await submitAnswer(deps, late.player, { index: 1, response: { value: false } })).toEqual({ outcome: 'recorded' });
		await control(id, 'end');
		await expectDomainError(joinWorkshop(deps, null, id, { nickname: 'Trop tard' }), 'workshops.ended');
	});

	it('never seats more players than the capacity, even when they join at once', async () => {
		const { id } = await anOpenWorkshop({ capacity: 5 });
		const results = await Promise.allSettled(
			Array.from({ length: 12 }, (_, i) => joinWorkshop(deps, null, id, { nickname: `Joueur ${i}` }))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
		for (const r of results) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('workshops.full');
	});

	it('gives one nickname once even when two guests take it at once', async () => {
		const { id } = await anOpenWorkshop();
		const results = await Promise.allSettled([1, 2, 3].map(() => joinWorkshop(deps, null, id, { nickname: 'Jumeau' })));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
	});

	it('gives a signed-in youth one player even when two devices join at once', async () => {
		const { id } = await anOpenWorkshop();
		const joined = await Promise.all([1, 2, 3].map(() => joinWorkshop(deps, world.actors.youth, id, {})));
		expect(new Set(joined.map((j) => j.playerId)).size).toBe(1);
	});
});

describe('players and secrets', () => {
	it('refuse forged secrets, secrets of another workshop, and removed players', async () => {
		const { id } = await anOpenWorkshop();
		const other = await anOpenWorkshop();
		const { player, secret } = await aGuest(id, 'Honnête');
		expect(await playerFromSecret(deps, other.id, secret)).toBeNull();
		expect(await playerFromSecret(deps, id, 'faux-secret-de-trente-caracteres-ou-plus')).toBeNull();
		expect(await playerFromSecret(deps, id, '')).toBeNull();
		expect(await playerFromSecret(deps, 'pas-un-uuid', secret)).toBeNull();
		expect(await playerStatus(deps, id, secret)).toBe('active');
		const inserted = await aPlayer(deps.db, id, { nickname: 'Direct' });
		expect((await playerFromSecret(deps, id, inserted.secret))!.id).toBe(inserted.player.id);
		expect(await playerStatus(deps, other.id, inserted.secret)).toBe('unknown');

		await expectDomainError(removePlayer(deps, counselor(), id, crypto.randomUUID()), 'workshops.player_unknown');
		const stranger = await aGuest(other.id, 'Ailleurs');
		await expectDomainError(removePlayer(deps, counselor(), id, stranger.player.id), 'workshops.player_unknown');
		await expectDomainError(removePlayer(deps, world.actors.otherCounselor, id, player.id), 'workshops.not_found');

		const since = await latestEventId(deps.db);
		await removePlayer(deps, counselor(), id, player.id);
		expect(await playerFromSecret(deps, id, secret)).toBeNull();
		expect(await playerStatus(deps, id, secret)).toBe('removed');
		const events = await deps.db.select().from(realtimeEvents).where(and(gt(realtimeEvents.id, since), like(realtimeEvents.stream, `workshop:${id}%`)));
		expect(events.map((e) => [e.stream, e.type, e.payload])).toEqual([
			[workshopStream(id), 'removed', { player: player.id }],
			[workshopStaffStream(id), 'players', { n: 1 }] // « Direct » stays
		]);
		await control(id, 'start');
		await expectDomainError(submitAnswer(deps, player, { index: 0, response: { choice: 'une' } }), 'workshops.removed');
	});
});

describe('answers', () => {
	it('are judged and scored on the server, one per question', async () => {
		const { id } = await anOpenWorkshop();
		const right = await aGuest(id, 'Juste');
		const wrong = await aGuest(id, 'Faux');
		await expectDomainError(submitAnswer(deps, right.player, { index: 0, response: { choice: 'une' } }), 'workshops.not_open');
		await control(id, 'start');
		await expectDomainError(submitAnswer(deps, right.player, { index: 1, response: { value: true } }), 'workshops.not_open');
		await expectDomainError(submitAnswer(deps, right.player, { index: 0, response: { choice: 'inconnu' } }), 'workshops.invalid_answer');
		await expectDomainError(submitAnswer(deps, right.player, { index: 0, response: 'une' }), 'workshops.invalid_answer');
		tick(6_000);
		const since = await latestEventId(deps.db);
		expect(await submitAnswer(deps, right.player, { index: 0, response: { choice: 'une' } })).toEqual({ outcome: 'recorded' });
		expect(await submitAnswer(deps, wrong.player, { index: 0, response: { choice: 'trois' } })).toEqual({ outcome: 'recorded' });
		expect(await submitAnswer(deps, right.player, { index: 0, response: { choice: 'une' } })).toEqual({ outcome: 'duplicate' });
		await expectDomainError(submitAnswer(deps, right.player, { index: 0, response: { choice: 'trois' } }), 'workshops.already_answered');
		await liveCountsSettled(deps);
		const counts = (await eventsOf(workshopStaffStream(id), since)).map((e) => e.payload as AnswerCount);
		// Coalesced: one or two events, the last one counting both answers.
		expect(counts.length).toBeGreaterThanOrEqual(1);
		expect(counts.at(-1)).toEqual({ i: 0, n: 2 });
		const rows = await deps.db.select().from(workshopAnswers).where(eq(workshopAnswers.workshopId, id));
		expect(rows.find((r) => r.playerId === right.player.id)).toMatchObject({ correct: true, points: 900, elapsedMs: 6_000 });
		expect(rows.find((r) => r.playerId === wrong.player.id)).toMatchObject({ correct: false, points: 0 });
	});

	it('score a situation: best in full, acceptable half', async () => {
		const { id } = await anOpenWorkshop({ timerSeconds: null });
		const best = await aGuest(id, 'Meilleur');
		const ok = await aGuest(id, 'Correct');
		await control(id, 'start');
		await control(id, 'reveal');
		await control(id, 'next');
		await control(id, 'reveal');
		await control(id, 'next');
		await submitAnswer(deps, best.player, { index: 2, response: { choice: 'appeler' } });
		await submitAnswer(deps, ok.player, { index: 2, response: { choice: 'mail' } });
		const rows = await deps.db.select().from(workshopAnswers).where(eq(workshopAnswers.workshopId, id));
		expect(rows.map((r) => [r.verdict, r.points]).sort()).toEqual([
			['acceptable', 500],
			['best', 1000]
		]);
	});

	it('ten identical concurrent submits: one recorded, nine duplicates', async () => {
		const { id } = await anOpenWorkshop();
		const { player } = await aGuest(id, 'Nerveux');
		await control(id, 'start');
		const outcomes = await Promise.all(
			Array.from({ length: 10 }, () => submitAnswer(deps, player, { index: 0, response: { choice: 'une' } }))
		);
		expect(outcomes.filter((o) => o.outcome === 'recorded')).toHaveLength(1);
		expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(9);
	});

	it('different concurrent responses: one recorded, the others already answered', async () => {
		const { id } = await anOpenWorkshop();
		const { player } = await aGuest(id, 'Hésitant');
		await control(id, 'start');
		const results = await Promise.allSettled(
			['une', 'trois', 'cinq', 'trois'].map((choice) => submitAnswer(deps, player, { index: 0, response: { choice } }))
		);
		const recorded = results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'recorded');
		expect(recorded).toHaveLength(1);
		for (const r of results) {
			if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('workshops.already_answered');
		}
		expect(await deps.db.select().from(workshopAnswers).where(eq(workshopAnswers.playerId, player.id))).toHaveLength(1);
	});

	it('racing a reveal: every answer is in the distribution or refused, none recorded after', async () => {
		const { id } = await anOpenWorkshop({ capacity: 100 });
		const players = [];
		for (let i = 0; i < 30; i++) players.push((await aGuest(id, `Course ${i}`)).player);
		const s = await control(id, 'start');
		const answers = players.map((p, i) =>
			submitAnswer(deps, p, { index: 0, response: { choice: i % 2 ? 'une' : 'trois' } }).then(
				() => 'recorded',
				(e: DomainError) => e.code
			)
		);
		const reveal = controlWorkshop(deps, counselor(), id, { action: 'reveal', version: s.v });
		const [outcomes, revealed] = await Promise.all([Promise.all(answers), reveal]);
		expect(revealed.applied).toBe(true);
		for (const o of outcomes) expect(['recorded', 'workshops.not_open']).toContain(o);
		const recorded = outcomes.filter((o) => o === 'recorded').length;
		const snapshot = await getPresenterSnapshot(deps, counselor(), id);
		expect(snapshot!.reveal!.answered).toBe(recorded);
		expect(snapshot!.answerCount).toBe(recorded);
		const sum = Object.values(snapshot!.reveal!.distribution).reduce((a, b) => a + b, 0);
		expect(sum).toBe(recorded);
		// Counts (coalesced, published after the answers' commits, possibly after the reveal) only
		// grow and end at the number recorded; none counts more than the distribution.
		await liveCountsSettled(deps);
		const counts = (await eventsOf(workshopStaffStream(id))).filter((e) => e.type === 'count').map((e) => (e.payload as AnswerCount).n);
		if (recorded > 0) expect(counts.at(-1)).toBe(recorded);
		expect(counts).toEqual([...counts].sort((a, b) => a - b));
	});
});

describe('answers by secret (the answer route)', () => {
	it('check the player in the answer statement: forged, other workshop, removed', async () => {
		const { id } = await anOpenWorkshop();
		const other = await anOpenWorkshop();
		const me = await aGuest(id, 'Secret');
		const gone = await aGuest(id, 'Parti');
		await control(id, 'start');
		const answer = (workshopId: string, secret: string) =>
			submitAnswerWithSecret(deps, workshopId, secret, { index: 0, response: { choice: 'une' } });
		await expectDomainError(answer(id, 'faux-secret-de-trente-caracteres-ou-plus'), 'workshops.player_unknown');
		await expectDomainError(answer(id, ''), 'workshops.player_unknown');
		await expectDomainError(answer('pas-un-uuid', me.secret), 'workshops.player_unknown');
		await expectDomainError(answer(other.id, me.secret), 'workshops.player_unknown');
		await removePlayer(deps, counselor(), id, gone.player.id);
		await expectDomainError(answer(id, gone.secret), 'workshops.removed');
		expect(await answer(id.toUpperCase(), me.secret)).toEqual({ outcome: 'recorded' });
		expect(await answer(id, me.secret)).toEqual({ outcome: 'duplicate' });
		const rows = await deps.db.select().from(workshopAnswers).where(eq(workshopAnswers.workshopId, id));
		expect(rows.map((r) => r.playerId)).toEqual([me.player.id]);
	});
});

describe('live count (coalesced)', () => {
	it('a burst of 50 answers gives a few count events, non-decreasing, the last one 50', async () => {
		const { id } = await anOpenWorkshop({ capacity: 100 });
		const players = [];
		for (let i = 0; i < 50; i++) players.push((await aGuest(id, `Rafale ${i}`)).player);
		await control(id, 'start');
		const since = await latestEventId(deps.db);
		const started = Date.now();
		const outcomes = await Promise.all(players.map((p) => submitAnswer(deps, p, { index: 0, response: { choice: 'une' } })));
		expect(outcomes.every((o) => o.outcome === 'recorded')).toBe(true);
		await liveCountsSettled(deps);
		const elapsed = Date.now() - started;
		const counts = (await eventsOf(workshopStaffStream(id), since)).map((e) => e.payload as AnswerCount);
		expect(counts.at(-1)).toEqual({ i: 0, n: 50 });
		expect(counts.every((c) => c.i === 0)).toBe(true);
		const ns = counts.map((c) => c.n);
		expect(ns).toEqual([...ns].sort((a, b) => a - b));
		// At most one publish per interval (plus the leading one).
		expect(counts.length).toBeLessThan(50);
		expect(counts.length).toBeLessThanOrEqual(Math.ceil(elapsed / COUNT_INTERVAL_MS) + 1);
	});

	it('the last answer of a burst is always counted (trailing edge)', async () => {
		const { id } = await anOpenWorkshop({ capacity: 100 });
		const players = [];
		for (let i = 0; i < 4; i++) players.push((await aGuest(id, `Traîne ${i}`)).player);
		await control(id, 'start');
		const since = await latestEventId(deps.db);
		await submitAnswer(deps, players[0]!, { index: 0, response: { choice: 'une' } });
		await submitAnswer(deps, players[1]!, { index: 0, response: { choice: 'une' } });
		await submitAnswer(deps, players[2]!, { index: 0, response: { choice: 'une' } });
		await liveCountsSettled(deps);
		let counts = (await eventsOf(workshopStaffStream(id), since)).map((e) => e.payload as AnswerCount);
		expect(counts.at(-1)).toEqual({ i: 0, n: 3 });
		const before = counts.length;
		await submitAnswer(deps, players[3]!, { index: 0, response: { choice: 'trois' } });
		await liveCountsSettled(deps);
		counts = (await eventsOf(workshopStaffStream(id), since)).map((e) => e.payload as AnswerCount);
		expect(counts.length).toBe(before + 1);
		expect(counts.at(-1)).toEqual({ i: 0, n: 4 });
	});
});

describe('snapshots', () => {
	it('show the player their correctness, the distribution and the top 5 only when revealed', async () => {
		const { id } = await anOpenWorkshop();
		const me = await aGuest(id, 'Moi');
		const others = [];
		for (let i = 0; i < 6; i++) others.push((await aGuest(id, `Autre ${i}`)).player);
		await control(id, 'start');
		tick(3_000);
		await submitAnswer(deps, me.player, { index: 0, response: { choice: 'trois' } });
		for (const p of others) await submitAnswer(deps, p, { index: 0, response: { choice: 'une' } });

		let snap = await getPlayerSnapshot(deps, me.player);
		expect(snap.questions).toHaveLength(3);
		expect(JSON.stringify(snap.questions)).not.toMatch(/correct|feedback|explanation|verdict/);
		expect(snap.answer).toEqual({ index: 0, response: { choice: 'trois' }, correct: null, verdict: null, points: null, feedback: [] });
		expect(snap.reveal).toBeNull();
		expect(snap.leaderboard).toBeNull();
		expect(snap.me).toMatchObject({ nickname: 'Moi', score: 0, signedIn: false });
		expect(snap.serverNow).toBe(clock.getTime());
		expect(snap.lastEventId).toBe(await latestEventId(deps.db));

		await control(id, 'reveal');
		snap = await getPlayerSnapshot(deps, me.player);
		expect(snap.answer).toMatchObject({ correct: false, points: 0, feedback: ['C’est trop long pour un recruteur pressé.'] });
		expect(snap.reveal).toMatchObject({ index: 0, correctChoiceIds: ['une'], distribution: { une: 6, trois: 1, cinq: 0 }, answered: 7 });
		expect(snap.leaderboard).toBeNull();
		expect(snap.me.rank).toBe(7);

		await control(id, 'leaderboard');
		snap = await getPlayerSnapshot(deps, me.player);
		expect(snap.leaderboard).toHaveLength(5);
		expect(snap.leaderboard![0]).toEqual({ rank: 1, nickname: 'Autre 0', score: 950 });
		expect(snap.leaderboard![0]).not.toHaveProperty('playerId');

		await control(id, 'hide_leaderboard');
		snap = await getPlayerSnapshot(deps, me.player);
		expect(snap.leaderboard).toBeNull();
		expect(snap.me.rank).toBeNull();

		const presenter = await getPresenterSnapshot(deps, world.actors.manager, id);
		expect(presenter!.players).toHaveLength(7);
		expect(presenter!.leaderboard).toHaveLength(7);
		expect(presenter!.leaderboard[0]!.playerId).toBeDefined();
		expect(presenter!.question).toMatchObject({ id: 'q-cv-pages', explanation: expect.any(String) });
		expect(presenter!.workshop.joinPath).toMatch(/^\/atelier\/[0-9]{6}$/);
		expect(presenter!.answerCount).toBe(7);
	});

	it('by secret: the same snapshot in one statement; removed players and forged or foreign secrets get nothing', async () => {
		const { id } = await anOpenWorkshop();
		const { id: otherId } = await anOpenWorkshop();
		const me = await aGuest(id, 'Secret');
		const gone = await aGuest(id, 'Parti');
		await control(id, 'start');
		await submitAnswer(deps, me.player, { index: 0, response: { choice: 'une' } });
		await control(id, 'reveal');
		// The answer's coalesced count is published a moment later: the two reads must see the same events.
		await liveCountsSettled(deps);
		const bySecret = await getPlayerSnapshotBySecret(deps, id, me.secret);
		expect(bySecret).toEqual(await getPlayerSnapshot(deps, me.player));
		expect(bySecret).toMatchObject({ answer: { correct: true }, me: { nickname: 'Secret' }, lastEventId: await latestEventId(deps.db) });
		await removePlayer(deps, counselor(), id, gone.player.id);
		expect(await getPlayerSnapshotBySecret(deps, id, gone.secret)).toBe('removed');
		expect(await getPlayerSnapshotBySecret(deps, otherId, me.secret)).toBeNull();
		expect(await getPlayerSnapshotBySecret(deps, id, 'A'.repeat(43))).toBeNull();
		expect(await getPlayerSnapshotBySecret(deps, id, 'court')).toBeNull();
		expect(await getPlayerSnapshotBySecret(deps, 'pas-un-id', me.secret)).toBeNull();
	});

	it('share one computation of the ranking and reveal per state; a removal or a join renews it', async () => {
		const { id } = await anOpenWorkshop({ capacity: 100 });
		const a = await aGuest(id, 'Alpha');
		const b = await aGuest(id, 'Bravo');
		const c = await aGuest(id, 'Charlie');
		await control(id, 'start');
		await submitAnswer(deps, a.player, { index: 0, response: { choice: 'une' } });
		tick(10_000);
		await submitAnswer(deps, b.player, { index: 0, response: { choice: 'une' } });
		await submitAnswer(deps, c.player, { index: 0, response: { choice: 'trois' } });
		await control(id, 'reveal');
		forgetSharedViews(deps);
		const [sa, sb, sc] = await Promise.all([a, b, c].map((p) => getPlayerSnapshot(deps, p.player)));
		expect(sharedViewCount(deps)).toBe(1);
		expect([sa!.me.rank, sb!.me.rank, sc!.me.rank]).toEqual([1, 2, 3]);
		expect(sb!.reveal).toMatchObject({ distribution: { une: 2, trois: 1 }, answered: 3 });
		expect(sb!.answer).toMatchObject({ index: 0, correct: true, response: { choice: 'une' } });
		expect(sc!.answer).toMatchObject({ index: 0, correct: false, points: 0 });

		// A removal (same state version) is seen at once: the leader is gone from the ranking.
		await removePlayer(deps, counselor(), id, a.player.id);
		const afterRemoval = await getPlayerSnapshot(deps, b.player);
		expect(sharedViewCount(deps)).toBe(2);
		expect(afterRemoval.me.rank).toBe(1);
		await control(id, 'leaderboard');
		expect((await getPlayerSnapshot(deps, b.player)).leaderboard!.map((r) => r.nickname)).toEqual(['Bravo', 'Charlie']);

		// A late joiner (same state version) is ranked too.
		const d = await aGuest(id, 'Delta');
		const late = await getPlayerSnapshot(deps, d.player);
		expect(late.me).toMatchObject({ score: 0, rank: 2 });
		expect(late.answer).toBeNull();
		expect(late.leaderboard!.map((r) => r.nickname)).toEqual(['Bravo', 'Charlie', 'Delta']);
	});

	it('never mix two workshops in the same state with the same players', async () => {
		const x = await anOpenWorkshop();
		const y = await anOpenWorkshop();
		const px = await aGuest(x.id, 'Même');
		const py = await aGuest(y.id, 'Même');
		await control(x.id, 'start');
		await control(y.id, 'start');
		await submitAnswer(deps, px.player, { index: 0, response: { choice: 'une' } });
		await submitAnswer(deps, py.player, { index: 0, response: { choice: 'trois' } });
		await control(x.id, 'reveal');
		await control(y.id, 'reveal');
		const [sx, sy] = await Promise.all([getPlayerSnapshot(deps, px.player), getPlayerSnapshot(deps, py.player)]);
		expect(sx.state.v).toBe(sy.state.v);
		expect(sx.reveal!.distribution).toMatchObject({ une: 1, trois: 0 });
		expect(sy.reveal!.distribution).toMatchObject({ une: 0, trois: 1 });
		expect(sx.me.score).toBeGreaterThan(0);
		expect(sy.me.score).toBe(0);
	});

	it('count only revealed questions in scores (the open answer is not given away)', async () => {
		const { id } = await anOpenWorkshop({ timerSeconds: null });
		const { player } = await aGuest(id, 'Patient');
		await control(id, 'start');
		await submitAnswer(deps, player, { index: 0, response: { choice: 'une' } });
		expect((await getPlayerSnapshot(deps, player)).me.score).toBe(0);
		expect((await getPresenterSnapshot(deps, counselor(), id))!.players[0]!.score).toBe(0);
		await control(id, 'reveal');
		expect((await getPlayerSnapshot(deps, player)).me.score).toBe(1000);
	});
});

describe('events', () => {
	it('stay under 1 KB', async () => {
		const { id } = await anOpenWorkshop({ title: 'Un atelier au titre très long '.repeat(8) });
		const since = await latestEventId(deps.db);
		const { player } = await aGuest(id, 'Léger');
		await control(id, 'start');
		await submitAnswer(deps, player, { index: 0, response: { choice: 'une' } });
		await control(id, 'pause');
		await control(id, 'resume');
		await control(id, 'reveal');
		await control(id, 'leaderboard');
		await removePlayer(deps, counselor(), id, player.id);
		await control(id, 'end');
		const events = await deps.db.select().from(realtimeEvents).where(gt(realtimeEvents.id, since));
		expect(events.length).toBeGreaterThan(8);
		for (const e of events) expect(JSON.stringify(e.payload).length).toBeLessThan(1024);
	});
});
