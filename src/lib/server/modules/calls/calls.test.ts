import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { youthProfiles } from '$lib/server/modules/accounts/accounts.schema';
import { structures } from '$lib/server/modules/structures/structures.schema';
import type { Actor } from '$lib/server/platform/access';
import { readConfig } from '$lib/server/platform/config/config';
import { DomainError } from '$lib/server/platform/errors/errors';
import { rateLimitBuckets } from '$lib/server/platform/rate-limit/rate-limit.schema';
import { realtimeEvents } from '$lib/server/platform/realtime';
import { actorOf, aWorld, type World } from '$lib/server/testing/world';
import { biggestSdp, fakeCandidate, fakeSdp, signalRequest } from './calls.fixtures';
import { iceServersFor, turnCredentials } from './calls.ice';
import { calls } from './calls.schema';
import { MAX_CANDIDATE_LENGTH, MAX_SIGNAL_BYTES } from './calls.validation';
import { CALL_REUSE_HOURS, callExpired, getCallPage, openCall, postSignal, readSignalBody } from './index';

let handle: DatabaseHandle;
let deps: Deps;
let world: World;
let clock = new Date('2025-03-10T09:00:00Z');
let otherYouthActor: Actor;
let colleagueYouthActor: Actor;

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, {
		config: readConfig({ TREMPLIN_DEMO: '0', LOG_LEVEL: 'silent', STUN_URLS: 'stun:stun.exemple.test:3478', TURN_URLS: 'turn:turn.exemple.test:3478?transport=udp', TURN_SECRET: 'tremplin-secret' }),
		now: () => clock
	});
	world = await aWorld(deps.db);
	await deps.db
		.update(structures)
		.set({ videoFallbackUrl: 'https://visio.exemple.test/ml-lyon', videoFallbackPhone: '04 72 00 00 00' })
		.where(eq(structures.id, world.structures.lyon.id));
	const { otherYouth, youthOfColleague } = world.youths;
	otherYouthActor = actorOf({ id: otherYouth.id, role: 'youth', structureId: otherYouth.structureId, networkId: null, companyId: null });
	colleagueYouthActor = actorOf({ id: youthOfColleague.id, role: 'youth', structureId: youthOfColleague.structureId, networkId: null, companyId: null });
});
afterAll(() => handle.close());

async function expectDomainError(promise: Promise<unknown>, code: string) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(DomainError);
	expect((error as DomainError).code).toBe(code);
	return error as DomainError;
}

const later = (hours: number) => {
	clock = new Date(clock.getTime() + hours * 3600_000);
};

/** A new call between Karim and his counselor (a distinct appointment each time). */
async function aCall(): Promise<string> {
	const { id } = await openCall(deps, world.actors.counselor, {
		youthId: world.youths.youth.id,
		staffId: world.people.counselor.id,
		appointmentId: crypto.randomUUID()
	});
	return id;
}

describe('openCall', () => {
	it('opens a call for the counselor and reuses it while it is open and recent', async () => {
		const input = { youthId: world.youths.youth.id, staffId: world.people.counselor.id };
		const first = await openCall(deps, world.actors.counselor, input);
		const again = await openCall(deps, world.actors.counselor, { ...input, youthId: input.youthId.toUpperCase() });
		const fromYouth = await openCall(deps, world.actors.youth, input);
		expect(again.id).toBe(first.id);
		expect(fromYouth.id).toBe(first.id);
		const [row] = await deps.db.select().from(calls).where(eq(calls.id, first.id));
		expect(row).toMatchObject({ youthId: input.youthId, staffId: input.staffId, structureId: world.structures.lyon.id, appointmentId: null, endedAt: null });

		later(CALL_REUSE_HOURS + 1);
		const next = await openCall(deps, world.actors.counselor, input);
		expect(next.id).not.toBe(first.id);

		await postSignal(deps, world.actors.counselor, next.id, { type: 'hangup' });
		const afterHangup = await openCall(deps, world.actors.counselor, input);
		expect(afterHangup.id).not.toBe(next.id);
	});

	it('keeps one call per appointment, whatever its age', async () => {
		const appointmentId = crypto.randomUUID();
		const input = { youthId: world.youths.youth.id, staffId: world.people.counselor.id, appointmentId };
		const first = await openCall(deps, world.actors.counselor, input);
		later(48);
		expect((await openCall(deps, world.actors.youth, input)).id).toBe(first.id);
		const other = await openCall(deps, world.actors.counselor, { ...input, appointmentId: crypto.randomUUID() });
		expect(other.id).not.toBe(first.id);
		const plain = await openCall(deps, world.actors.counselor, { youthId: input.youthId, staffId: input.staffId });
		expect(plain.id).not.toBe(first.id);
	});

	it('lets a call without appointment that nobody started expire after 4 hours; a started one does not', async () => {
		const input = { youthId: world.youths.youth.id, staffId: world.people.counselor.id };
		later(CALL_REUSE_HOURS + 1); // nothing left open from the other tests
		const stale = await openCall(deps, world.actors.counselor, input);
		await postSignal(deps, world.actors.counselor, stale.id, { type: 'join', data: { mode: 'video' } });
		later(CALL_REUSE_HOURS - 0.01);
		expect((await getCallPage(deps, world.actors.youth, stale.id))!.expired).toBe(false);
		later(0.02);
		// Karim follows the old invitation: the page says it is over, and joining is refused.
		expect((await getCallPage(deps, world.actors.youth, stale.id))!.expired).toBe(true);
		const refused = await expectDomainError(postSignal(deps, world.actors.youth, stale.id, { type: 'join', data: { mode: 'video' } }), 'calls.expired');
		expect(refused.message).toContain('n’a pas eu lieu dans les 4 heures');
		const [row] = await deps.db.select().from(calls).where(eq(calls.id, stale.id));
		expect(row).toMatchObject({ youthJoinedAt: null, startedAt: null });
		// A new « Appel vidéo » opens a new call.
		const fresh = await openCall(deps, world.actors.counselor, input);
		expect(fresh.id).not.toBe(stale.id);

		// Started calls and appointment calls do not expire by time.
		await postSignal(deps, world.actors.counselor, fresh.id, { type: 'join', data: { mode: 'audio' } });
		await postSignal(deps, world.actors.youth, fresh.id, { type: 'join', data: { mode: 'audio' } });
		later(CALL_REUSE_HOURS + 1);
		expect((await getCallPage(deps, world.actors.youth, fresh.id))!.expired).toBe(false);
		await postSignal(deps, world.actors.youth, fresh.id, { type: 'hangup' });
		expect(callExpired({ appointmentId: crypto.randomUUID(), createdAt: new Date(0), startedAt: null, endedAt: null }, clock)).toBe(false);
	});

	it('returns the same call to concurrent requests', async () => {
		const input = { youthId: world.youths.youth.id, staffId: world.people.manager.id };
		const ids = await Promise.all([
			openCall(deps, world.actors.manager, input),
			openCall(deps, world.actors.manager, input),
			openCall(deps, world.actors.youth, input),
			openCall(deps, world.actors.manager, input)
		]);
		expect(new Set(ids.map((c) => c.id)).size).toBe(1);
	});

	it('lets any staff of the youth structure call, as themself', async () => {
		const { youth } = world.youths;
		await expect(openCall(deps, world.actors.counselor2, { youthId: youth.id, staffId: world.people.counselor2.id })).resolves.toHaveProperty('id');
		await expect(openCall(deps, world.actors.manager, { youthId: youth.id, staffId: world.people.manager.id })).resolves.toHaveProperty('id');
	});

	it('refuses everyone else, and unknown or forged ids, with "not found"', async () => {
		const { youth, otherYouth, youthOfColleague } = world.youths;
		const p = world.people;
		const a = world.actors;
		const refused: [Actor, { youthId: string; staffId: string; appointmentId?: string }][] = [
			// a colleague opening a call for someone else
			[a.counselor2, { youthId: youth.id, staffId: p.counselor.id }],
			// other structure, other network
			[a.otherCounselor, { youthId: youth.id, staffId: p.otherCounselor.id }],
			[a.farCounselor, { youthId: youth.id, staffId: p.farCounselor.id }],
			// roles without access to youth files
			[a.referent, { youthId: youth.id, staffId: p.referent.id }],
			[a.mentor, { youthId: youth.id, staffId: p.mentor.id }],
			[a.companyContact, { youthId: youth.id, staffId: p.companyContact.id }],
			[a.admin, { youthId: youth.id, staffId: p.admin.id }],
			// a youth with staff of another structure, with a non-staff, for another youth
			[a.youth, { youthId: youth.id, staffId: p.otherCounselor.id }],
			[a.youth, { youthId: youth.id, staffId: p.mentor.id }],
			[a.youth, { youthId: youthOfColleague.id, staffId: p.counselor.id }],
			[a.youth, { youthId: youth.id, staffId: youth.id }],
			[colleagueYouthActor, { youthId: youth.id, staffId: p.counselor.id }],
			[otherYouthActor, { youthId: otherYouth.id, staffId: p.counselor.id }],
			// a staff member for a youth of another structure
			[a.counselor, { youthId: otherYouth.id, staffId: p.counselor.id }],
			// forged ids
			[a.counselor, { youthId: crypto.randomUUID(), staffId: p.counselor.id }],
			[a.counselor, { youthId: 'pas-un-uuid', staffId: p.counselor.id }],
			[a.counselor, { youthId: youth.id, staffId: "' or 1=1 --" }],
			[a.counselor, { youthId: youth.id, staffId: p.counselor.id, appointmentId: 'rdv-1' }]
		];
		const before = (await deps.db.select({ id: calls.id }).from(calls)).length;
		for (const [actor, input] of refused) await expectDomainError(openCall(deps, actor, input), 'calls.participants_invalid');
		await expectDomainError(openCall(deps, null, { youthId: youth.id, staffId: p.counselor.id }), 'access.unauthenticated');
		expect((await deps.db.select({ id: calls.id }).from(calls)).length).toBe(before);
	});
});

describe('signalling', () => {
	it('stores each signal on the call stream, in order, with its sender', async () => {
		const id = await aCall();
		await postSignal(deps, world.actors.counselor, id, { type: 'join', session: 'staff-1', data: { mode: 'video' } });
		await postSignal(deps, world.actors.youth, id, { type: 'join', session: 'youth-1', data: { mode: 'video' } });
		await postSignal(deps, world.actors.counselor, id, { type: 'offer', session: 'staff-1', to: 'youth-1', data: { sdp: fakeSdp() } });
		await postSignal(deps, world.actors.youth, id, { type: 'answer', session: 'youth-1', to: 'staff-1', data: { sdp: fakeSdp() } });
		await postSignal(deps, world.actors.youth, id, { type: 'candidate', session: 'youth-1', to: 'staff-1', data: fakeCandidate() });
		await postSignal(deps, world.actors.youth, id, { type: 'candidate', session: 'youth-1', to: 'staff-1', data: null });
		const events = await deps.db.select().from(realtimeEvents).where(eq(realtimeEvents.stream, `call:${id}`)).orderBy(asc(realtimeEvents.id));
		expect(events.map((e) => e.type)).toEqual(['join', 'join', 'offer', 'answer', 'candidate', 'candidate']);
		expect(events.map((e) => (e.payload as { from: string }).from)).toEqual([
			world.people.counselor.id,
			world.youths.youth.id,
			world.people.counselor.id,
			world.youths.youth.id,
			world.youths.youth.id,
			world.youths.youth.id
		]);
		expect(events[2]!.payload).toMatchObject({ session: 'staff-1', to: 'youth-1', data: { sdp: fakeSdp() } });
		expect(events[5]!.payload).toMatchObject({ data: null });
	});

	it('starts the call when both have joined, and counts it as a video contact', async () => {
		const id = await aCall();
		await postSignal(deps, world.actors.youth, id, { type: 'join', data: { mode: 'audio' } });
		let [row] = await deps.db.select().from(calls).where(eq(calls.id, id));
		expect(row!.startedAt).toBeNull();
		expect(row!.mode).toBe('audio');
		later(0.1);
		await postSignal(deps, world.actors.counselor, id, { type: 'join', data: { mode: 'video' } });
		[row] = await deps.db.select().from(calls).where(eq(calls.id, id));
		expect(row!.startedAt).toEqual(clock);
		const [profile] = await deps.db.select().from(youthProfiles).where(eq(youthProfiles.userId, world.youths.youth.id));
		expect(profile!.lastContactChannel).toBe('video');
		expect(profile!.lastContactAt).toEqual(clock);
		await postSignal(deps, world.actors.youth, id, { type: 'mode', data: { mode: 'audio' } });
		[row] = await deps.db.select().from(calls).where(eq(calls.id, id));
		expect(row!.mode).toBe('audio');
	});

	it('refuses malformed signals and changes nothing', async () => {
		const id = await aCall();
		const bad: unknown[] = [
			null,
			'join',
			{},
			{ type: 'dance', data: {} },
			{ type: 'join' },
			{ type: 'join', data: { mode: 'hologram' } },
			{ type: 'offer', data: {} },
			{ type: 'offer', data: { sdp: '' } },
			{ type: 'offer', data: { sdp: fakeSdp(16 * 1024 + 1) } },
			{ type: 'answer', data: { sdp: 42 } },
			{ type: 'candidate', data: { ...fakeCandidate(), candidate: 'c'.repeat(MAX_CANDIDATE_LENGTH + 1) } },
			{ type: 'candidate', data: { ...fakeCandidate(), sdpMLineIndex: -1 } },
			{ type: 'candidate', data: { ...fakeCandidate(), extra: 'x' } },
			{ type: 'offer', data: { sdp: fakeSdp() }, from: world.people.counselor.id },
			{ type: 'offer', session: 'pas de session', data: { sdp: fakeSdp() } },
			{ type: 'hangup', data: { why: 'x' } }
		];
		for (const raw of bad) await expectDomainError(postSignal(deps, world.actors.youth, id, raw), 'calls.invalid_signal');
		const events = await deps.db.select().from(realtimeEvents).where(eq(realtimeEvents.stream, `call:${id}`));
		expect(events).toHaveLength(0);
		const [row] = await deps.db.select().from(calls).where(eq(calls.id, id));
		expect(row!.endedAt).toBeNull();
		// The largest allowed description goes through.
		await expect(postSignal(deps, world.actors.youth, id, { type: 'offer', data: { sdp: biggestSdp() } })).resolves.toHaveProperty('eventId');
	});

	it('answers "not found" to anyone but the two participants, and to forged ids', async () => {
		const id = await aCall();
		const a = world.actors;
		const outsiders = [a.counselor2, a.manager, a.otherCounselor, a.farCounselor, a.referent, a.mentor, a.companyContact, a.admin, otherYouthActor, colleagueYouthActor];
		for (const actor of outsiders) {
			await expectDomainError(postSignal(deps, actor, id, { type: 'join', data: { mode: 'video' } }), 'calls.not_found');
			expect(await getCallPage(deps, actor, id)).toBeNull();
		}
		for (const forged of [crypto.randomUUID(), 'abc', '', `${id}x`]) {
			await expectDomainError(postSignal(deps, a.counselor, forged, { type: 'join', data: { mode: 'video' } }), 'calls.not_found');
		}
		await expectDomainError(postSignal(deps, null, id, { type: 'join', data: { mode: 'video' } }), 'access.unauthenticated');
		expect(await getCallPage(deps, null, id)).toBeNull();
		// A counselor who moved to another structure loses the call.
		const moved = { ...a.counselor, structureId: world.structures.villeurbanne.id };
		await expectDomainError(postSignal(deps, moved, id, { type: 'join', data: { mode: 'video' } }), 'calls.not_found');
		expect(await deps.db.select().from(realtimeEvents).where(eq(realtimeEvents.stream, `call:${id}`))).toHaveLength(0);
	});

	it('ends the call at the first hang-up and refuses every signal after', async () => {
		const id = await aCall();
		await postSignal(deps, world.actors.youth, id, { type: 'hangup' });
		const [row] = await deps.db.select().from(calls).where(eq(calls.id, id));
		expect(row!.endedAt).toEqual(clock);
		expect(row!.endedBy).toBe(world.youths.youth.id);
		for (const [actor, raw] of [
			[world.actors.counselor, { type: 'join', data: { mode: 'video' } }],
			[world.actors.youth, { type: 'hangup' }],
			[world.actors.counselor, { type: 'offer', data: { sdp: fakeSdp() } }]
		] as const) {
			await expectDomainError(postSignal(deps, actor, id, raw), 'calls.ended');
		}
		const page = await getCallPage(deps, world.actors.counselor, id);
		expect(page?.ended).toBe(true);
	});

	it('slows down a participant who posts far too many signals', async () => {
		const id = await aCall();
		const key = `calls:signal:${world.people.counselor.id}`;
		await deps.db
			.insert(rateLimitBuckets)
			.values({ key, failures: 401, windowStartedAt: clock, lockedUntil: new Date(clock.getTime() + 30_000) })
			.onConflictDoUpdate({ target: rateLimitBuckets.key, set: { lockedUntil: new Date(clock.getTime() + 30_000) } });
		const error = await expectDomainError(postSignal(deps, world.actors.counselor, id, { type: 'join', data: { mode: 'video' } }), 'calls.rate_limited');
		expect(error.retryAfterSeconds).toBe(30);
		await deps.db.delete(rateLimitBuckets).where(eq(rateLimitBuckets.key, key));
		await expect(postSignal(deps, world.actors.counselor, id, { type: 'join', data: { mode: 'video' } })).resolves.toHaveProperty('eventId');
	});
});

describe('readSignalBody', () => {
	it('parses JSON and refuses what is not JSON or too large', async () => {
		await expect(readSignalBody(signalRequest('{"type":"hangup"}'))).resolves.toEqual({ type: 'hangup' });
		await expectDomainError(readSignalBody(signalRequest('{"type":')), 'calls.invalid_signal');
		await expectDomainError(readSignalBody(signalRequest('')), 'calls.invalid_signal');
		const huge = JSON.stringify({ type: 'offer', data: { sdp: 'x'.repeat(MAX_SIGNAL_BYTES) } });
		await expectDomainError(readSignalBody(signalRequest(huge)), 'calls.invalid_signal');
		// A body without (or lying about) its length is cut while reading.
		await expectDomainError(readSignalBody(signalRequest(huge, { 'content-length': '10' })), 'calls.invalid_signal');
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				controller.enqueue(new TextEncoder().encode('x'.repeat(4096)));
			}
		});
		const streamed = new Request('http://localhost/visio/x/signal', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
		await expectDomainError(readSignalBody(streamed), 'calls.invalid_signal');
	});
});

describe('the visio page data', () => {
	it('gives each side what it needs: the other person, the fallback, ICE servers', async () => {
		const id = await aCall();
		const forYouth = await getCallPage(deps, world.actors.youth, id);
		expect(forYouth).toMatchObject({
			id,
			side: 'youth',
			polite: true,
			mode: 'video',
			ended: false,
			other: { firstName: world.people.counselor.firstName, lastName: null },
			fallback: { url: 'https://visio.exemple.test/ml-lyon', phone: '04 72 00 00 00', phoneHref: 'tel:0472000000' }
		});
		expect(forYouth!.iceServers).toEqual([
			{ urls: ['stun:stun.exemple.test:3478'] },
			{ urls: ['turn:turn.exemple.test:3478?transport=udp'], ...turnCredentials('tremplin-secret', world.youths.youth.id, clock, 6 * 3600) }
		]);
		const forStaff = await getCallPage(deps, world.actors.counselor, id);
		expect(forStaff).toMatchObject({ side: 'staff', polite: false, other: { firstName: 'Karim', lastName: 'Haddad' }, youthId: world.youths.youth.id });
	});

	it('shows only web addresses as fallback links', async () => {
		await deps.db.update(structures).set({ videoFallbackUrl: 'javascript:alert(1)', videoFallbackPhone: null }).where(eq(structures.id, world.structures.lyon.id));
		const id = await aCall();
		expect((await getCallPage(deps, world.actors.youth, id))!.fallback).toBeNull();
		await deps.db.update(structures).set({ videoFallbackPhone: '+33472000000' }).where(eq(structures.id, world.structures.lyon.id));
		expect((await getCallPage(deps, world.actors.youth, id))!.fallback).toEqual({ url: null, phone: '04 72 00 00 00', phoneHref: 'tel:+33472000000' });
	});

	it('has no fallback when the structure configured none', async () => {
		await deps.db.update(structures).set({ videoFallbackUrl: null, videoFallbackPhone: null }).where(eq(structures.id, world.structures.lyon.id));
		const id = await aCall();
		expect((await getCallPage(deps, world.actors.youth, id))!.fallback).toBeNull();
	});
});

describe('ICE servers', () => {
	it('makes coturn REST API credentials', () => {
		const at = new Date(1_700_000_000_000 - 3600_000);
		expect(turnCredentials('tremplin-secret', 'user-1', at, 3600)).toEqual({ username: '1700000000:user-1', credential: '8Hn7w9zDvfdaUX9AJT9QZBbZObc=' });
	});

	it('contacts no third party by default, and reads STUN/TURN settings', () => {
		const now = new Date();
		expect(iceServersFor(readConfig({}).ice, 'u', now)).toEqual([]);
		const staticTurn = readConfig({ TURN_URLS: 'turn:a.test:3478, turns:a.test:5349', TURN_USERNAME: 'ml', TURN_CREDENTIAL: 'mdp' }).ice;
		expect(iceServersFor(staticTurn, 'u', now)).toEqual([{ urls: ['turn:a.test:3478', 'turns:a.test:5349'], username: 'ml', credential: 'mdp' }]);
		expect(() => readConfig({ STUN_URLS: 'https://stun.test' })).toThrow(/STUN_URLS/);
		expect(() => readConfig({ TURN_URLS: 'turn:a.test' })).toThrow(/TURN_SECRET/);
		expect(() => readConfig({ TURN_URLS: 'stun:a.test', TURN_SECRET: 's' })).toThrow(/TURN_URLS/);
	});
});
