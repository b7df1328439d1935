import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from '$lib/server/app';
import type { DatabaseHandle } from '$lib/server/db/client';
import { createTestDatabase } from '$lib/server/db/test-database';
import { readConfig } from '$lib/server/platform/config/config';
import type { DomainError } from '$lib/server/platform/errors/errors';
import { aWorld, type World } from '$lib/server/testing/world';
import { achievementsOf } from '../badges/badges.sources';
import { ITEMS } from './diagnostic.content';
import { getDiagnosticState, getLatestResult, getStep, getYouthDiagnostics } from './diagnostic.queries';
import { diagnosticAttempts } from './diagnostic.schema';
import type { AnswerFields } from './diagnostic.scoring';
import { answerItem, claimGuestDiagnostics, purgeUnclaimedGuestDiagnostics, startDiagnostic, type Viewer } from './diagnostic.usecases';
import './index';

let handle: DatabaseHandle;
let deps: Deps;
let clock = new Date('2026-11-23T08:00:00Z');
let w: World;

beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }), now: () => clock });
	w = await aWorld(deps.db);
});
afterAll(() => handle.close());

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
	try {
		await promise;
	} catch (e) {
		return (e as DomainError).code;
	}
	return null;
}

const BEST: Record<string, AnswerFields> = {
	recherche: { result: 'service-public', info: '25' },
	'mail-pro': { subject: 'Candidature employé de rayon', greeting: 'madame', file: 'cv' },
	publier: { selected: ['carte', 'pote', 'vacances'] },
	'droits-image': { choice: 'libre' },
	'nommer-fichier': { choice: 'clair' },
	hameconnage: { selected: ['ameli', 'colis'] },
	'mot-de-passe': { password: 'phrase', reuse: 'unique' },
	formulaire: { lastName: 'Diallo', firstName: 'Sam', birthDate: '07/03/2006', city: 'Villeurbanne', accept: 'on' },
	'stockage-plein': { choice: 'trier' }
};

/** Answers everything: tasks right, self-assessments `level`, except the areas listed answered all wrong. */
async function takeAll(viewer: Viewer, level: string, wrongAreas: string[] = []) {
	await startDiagnostic(deps, viewer);
	let last;
	for (const item of ITEMS) {
		const wrong = wrongAreas.includes(item.area);
		const fields = item.kind === 'self' ? { level: wrong ? 'no' : level } : wrong ? {} : BEST[item.id]!;
		if (wrong && item.kind === 'choice') fields.choice = item.options.find((o) => o.value !== item.correct)!.value;
		const step = await getStep(deps, viewer, item.id);
		if (step?.correction || (item.kind === 'self' && step?.response)) continue;
		last = await answerItem(deps, viewer, item.id, fields);
	}
	return last!;
}

describe('taking the diagnostic', () => {
	it('keeps progress, resumes where it stopped, and completes with results per area', async () => {
		const guest: Viewer = { actor: null, guestId: randomUUID() };
		const { nextItemId } = await startDiagnostic(deps, guest);
		expect(nextItemId).toBe(ITEMS[0]!.id);
		await answerItem(deps, guest, ITEMS[0]!.id, { level: 'yes' });
		const again = await startDiagnostic(deps, guest);
		expect(again.nextItemId).toBe(ITEMS[1]!.id);
		expect((await getDiagnosticState(deps, guest)).open).toMatchObject({ answered: 1, total: ITEMS.length });

		const task = await answerItem(deps, guest, 'recherche', { result: 'annonce-papiers', info: '25' });
		expect(task.answer.outcome).toBe('partial');
		const step = await getStep(deps, guest, 'recherche');
		expect(step?.correction?.explanation).toMatch(/Annonce/);
		expect(await codeOf(answerItem(deps, guest, 'recherche', BEST.recherche!))).toBe('diagnostic.already_answered');
		// A self-assessment may be changed.
		await answerItem(deps, guest, ITEMS[0]!.id, { level: 'no' });
		expect((await getStep(deps, guest, ITEMS[0]!.id))?.response).toEqual({ level: 'no' });

		const last = await takeAll(guest, 'yes');
		expect(last.completed).toBe(true);
		const result = await getLatestResult(deps, guest);
		expect(result?.areas).toHaveLength(5);
		expect(result?.areas.find((a) => a.area === 'information')?.level).toBe('basic');
		expect(result?.areas.find((a) => a.area === 'safety')).toMatchObject({ score: 100, level: 'above_basic' });
		expect(result?.modules.map((m) => m.slug)).toContain('lire-une-offre-d-emploi');
		expect(result?.resources.map((r) => r.name)).toContain('Pix');
		expect((await getDiagnosticState(deps, guest)).open).toBeNull();
	});

	it('starts over on request: the unfinished attempt is dropped, completed ones are kept', async () => {
		const guest: Viewer = { actor: null, guestId: randomUUID() };
		await takeAll(guest, 'yes');
		await startDiagnostic(deps, guest);
		await answerItem(deps, guest, ITEMS[0]!.id, { level: 'no' });
		const fresh = await startDiagnostic(deps, guest, { fresh: true });
		expect(fresh.nextItemId).toBe(ITEMS[0]!.id);
		expect((await getDiagnosticState(deps, guest)).open).toMatchObject({ answered: 0 });
		expect((await getDiagnosticState(deps, guest)).completedCount).toBe(1);
		const rows = await deps.db.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.guestId, guest.guestId!));
		expect(rows).toHaveLength(2);
	});

	it('refuses bad input with a French message and changes nothing', async () => {
		const guest: Viewer = { actor: null, guestId: randomUUID() };
		expect(await codeOf(answerItem(deps, guest, 'visio', { level: 'yes' }))).toBe('diagnostic.no_attempt');
		await startDiagnostic(deps, guest);
		const before = await deps.db.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.guestId, guest.guestId!));
		expect(await codeOf(answerItem(deps, guest, 'inconnu', { level: 'yes' }))).toBe('diagnostic.unknown_item');
		expect(await codeOf(answerItem(deps, guest, 'visio', { level: 'super' }))).toBe('diagnostic.invalid_answer');
		expect(await codeOf(answerItem(deps, guest, 'hameconnage', { selected: ['<script>'] }))).toBe('diagnostic.invalid_answer');
		expect(await codeOf(answerItem(deps, guest, 'mail-pro', { subject: 'a'.repeat(1_000_000) }))).toBe('diagnostic.too_long');
		expect(await codeOf(getStep(deps, guest, '../../etc'))).toBe('diagnostic.unknown_item');
		const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'x']));
		expect(await codeOf(answerItem(deps, guest, 'visio', { level: 'yes', ...many }))).toBe('diagnostic.invalid_answer');
		const after = await deps.db.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.guestId, guest.guestId!));
		expect(after).toEqual(before);
		// No cookie, no session: nothing to read, nothing written.
		expect(await codeOf(answerItem(deps, { actor: null, guestId: 'pas-un-uuid' }, 'visio', { level: 'yes' }))).toBe('diagnostic.no_attempt');
		expect(await getLatestResult(deps, { actor: null, guestId: null })).toBeNull();
	});
});

describe('guest → account', () => {
	it('moves the guest results to the youth, once, without duplicates', async () => {
		const guestId = randomUUID();
		await takeAll({ actor: null, guestId }, 'help');
		await startDiagnostic(deps, { actor: null, guestId });
		await answerItem(deps, { actor: null, guestId }, ITEMS[0]!.id, { level: 'yes' });
		// The youth had another diagnostic in progress on another device.
		const youth: Viewer = { actor: w.actors.youth, guestId: null };
		clock = new Date(clock.getTime() - 60_000);
		await startDiagnostic(deps, youth);
		clock = new Date('2026-11-23T08:00:00Z');

		expect(await claimGuestDiagnostics(deps, { guestId, userId: w.youths.youth.id })).toBe(2);
		expect(await claimGuestDiagnostics(deps, { guestId, userId: w.youths.youth.id })).toBe(0);
		const rows = await deps.db.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.userId, w.youths.youth.id));
		expect(rows.filter((r) => r.completedAt)).toHaveLength(1);
		expect(rows.filter((r) => !r.completedAt)).toHaveLength(1);
		expect(Object.keys(rows.find((r) => !r.completedAt)!.answers)).toEqual([ITEMS[0]!.id]);
		expect(await getLatestResult(deps, youth)).not.toBeNull();
		expect(await getLatestResult(deps, { actor: null, guestId })).toBeNull();
	});

	it('purges guest diagnostics never claimed after 180 days, not the accounts’', async () => {
		const guestId = randomUUID();
		await startDiagnostic(deps, { actor: null, guestId });
		const youthBefore = (await deps.db.select({ n: count() }).from(diagnosticAttempts).where(eq(diagnosticAttempts.userId, w.youths.youth.id)))[0]!.n;
		await purgeUnclaimedGuestDiagnostics(deps.db, new Date(clock.getTime() + 179 * 86_400_000));
		expect(await deps.db.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.guestId, guestId))).toHaveLength(1);
		await purgeUnclaimedGuestDiagnostics(deps.db, new Date(clock.getTime() + 181 * 86_400_000));
		expect(await deps.db.select().from(diagnosticAttempts).where(eq(diagnosticAttempts.guestId, guestId))).toHaveLength(0);
		const youthAfter = (await deps.db.select({ n: count() }).from(diagnosticAttempts).where(eq(diagnosticAttempts.userId, w.youths.youth.id)))[0]!.n;
		expect(youthAfter).toBe(youthBefore);
	});
});

describe('counselor view and access', () => {
	it('shows evolution and flags the areas at « none »', async () => {
		const y = w.youths.youthOfColleague;
		const viewer: Viewer = { actor: { userId: y.id, role: 'youth', structureId: y.structureId, networkId: w.networks.rhone.id, companyId: null }, guestId: null };
		clock = new Date('2026-10-01T08:00:00Z');
		await takeAll(viewer, 'help', ['safety', 'information']);
		clock = new Date('2026-11-20T08:00:00Z');
		await takeAll(viewer, 'yes', ['information']);
		const view = await getYouthDiagnostics(deps, w.actors.counselor, y.id);
		expect(view.attempts).toHaveLength(2);
		expect(view.needsSupport.map((a) => a.area)).toEqual(['information']);
		expect(view.progress?.safety).toBeGreaterThan(50);
		expect(view.progress?.information).toBe(0);
		// The youth reads their own, the manager of the structure too.
		expect((await getYouthDiagnostics(deps, viewer.actor, y.id)).attempts).toHaveLength(2);
		expect((await getYouthDiagnostics(deps, w.actors.manager, y.id)).attempts).toHaveLength(2);
		// Badges: areas above basic, one per area, dated by the first time.
		const achievements = await achievementsOf(deps, y.id);
		const areas = achievements.filter((a) => a.kind === 'diagnostic_area');
		expect(areas.map((a) => a.ref).sort()).toEqual(['communication', 'creation', 'problem_solving', 'safety']);
		expect(areas.find((a) => a.ref === 'safety')?.achievedAt).toEqual(new Date('2026-11-20T08:00:00Z'));
		expect(areas.find((a) => a.ref === 'creation')?.achievedAt).toEqual(new Date('2026-10-01T08:00:00Z'));
		clock = new Date('2026-11-23T08:00:00Z');
	});

	it('another structure’s staff, another youth, and other roles see nothing', async () => {
		const y = w.youths.youthOfColleague.id;
		for (const actor of [w.actors.otherCounselor, w.actors.otherManager, w.actors.farCounselor]) {
			expect(await codeOf(getYouthDiagnostics(deps, actor, y))).toBe('diagnostic.youth_not_found');
		}
		expect(await codeOf(getYouthDiagnostics(deps, w.actors.youth, y))).toBe('diagnostic.youth_not_found');
		expect(await codeOf(getYouthDiagnostics(deps, w.actors.counselor, randomUUID()))).toBe('diagnostic.youth_not_found');
		expect(await codeOf(getYouthDiagnostics(deps, w.actors.counselor, 'pas-un-id'))).toBe('diagnostic.youth_not_found');
		expect(await codeOf(getYouthDiagnostics(deps, w.actors.mentor, y))).toBe('access.forbidden');
		expect(await codeOf(getYouthDiagnostics(deps, null, y))).toBe('access.unauthenticated');
		// A guest never reads an account's results, even knowing nothing but its own cookie.
		expect(await getLatestResult(deps, { actor: null, guestId: y })).toBeNull();
	});
});
