import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { aWorld, type World } from '../../testing/world';
import { sessions } from './session.schema';
import { createSessionStore, hashToken } from './session';
import { eq } from 'drizzle-orm';
import { users } from '../../modules/accounts/accounts.schema';

let handle: DatabaseHandle;
let world: World;
let t = new Date('2026-11-22T10:00:00Z');
const now = () => t;

beforeAll(async () => {
	handle = await createTestDatabase();
	world = await aWorld(handle.db);
});
afterAll(() => handle.close());

const store = () => createSessionStore({ db: handle.db, now, sessionDays: 30 });

describe('sessions', () => {
	it('give back the actor, with the network of their structure, from the cookie token', async () => {
		const { token } = await store().create({ userId: world.people.counselor.id, method: 'password' });
		const found = await store().validate(token);
		expect(found?.actor).toEqual({
			userId: world.people.counselor.id,
			role: 'counselor',
			structureId: world.structures.lyon.id,
			networkId: world.networks.rhone.id,
			companyId: null
		});
	});

	it('store only a hash of the token', async () => {
		const { token } = await store().create({ userId: world.people.manager.id, method: 'password' });
		const rows = await handle.db.select().from(sessions).where(eq(sessions.id, hashToken(token)));
		expect(rows).toHaveLength(1);
		const leaked = await handle.db.select().from(sessions).where(eq(sessions.id, token));
		expect(leaked).toHaveLength(0);
	});

	it('expire, and slide while the person is active', async () => {
		t = new Date('2026-11-22T10:00:00Z');
		const { token } = await store().create({ userId: world.people.counselor2.id, method: 'code' });
		t = new Date('2026-12-15T10:00:00Z'); // 23 days later: still valid, renewed
		expect(await store().validate(token)).not.toBeNull();
		t = new Date('2027-01-10T10:00:00Z'); // 26 days after the renewal: still valid
		expect(await store().validate(token)).not.toBeNull();
		t = new Date('2027-03-01T10:00:00Z'); // far later: gone
		expect(await store().validate(token)).toBeNull();
		t = new Date('2026-11-22T10:00:00Z');
	});

	it('refuse unknown, empty and absurd tokens', async () => {
		expect(await store().validate('')).toBeNull();
		expect(await store().validate('x'.repeat(5000))).toBeNull();
		expect(await store().validate('unknown-token')).toBeNull();
	});

	it('stop working when the account is disabled', async () => {
		const { token } = await store().create({ userId: world.people.farManager.id, method: 'password' });
		await handle.db.update(users).set({ disabledAt: t }).where(eq(users.id, world.people.farManager.id));
		expect(await store().validate(token)).toBeNull();
	});

	it('can all be revoked at once ("sign out of all devices"), optionally keeping this one', async () => {
		const userId = world.people.otherCounselor.id;
		const a = await store().create({ userId, method: 'password' });
		const b = await store().create({ userId, method: 'passkey' });
		const c = await store().create({ userId, method: 'passkey' });
		const keep = (await store().validate(a.token))!.session.id;
		expect(await store().revokeAllForUser(userId, keep)).toBe(2);
		expect(await store().validate(a.token)).not.toBeNull();
		expect(await store().validate(b.token)).toBeNull();
		expect(await store().revokeAllForUser(userId)).toBe(1);
		expect(await store().validate(a.token)).toBeNull();
		expect(await store().validate(c.token)).toBeNull();
	});

	it('remember that a second factor is still expected', async () => {
		const { token } = await store().create({ userId: world.people.referent.id, method: 'password', mfaSatisfied: false });
		const found = await store().validate(token);
		expect(found?.session.mfaSatisfied).toBe(false);
		await store().markMfaSatisfied(found!.session.id);
		expect((await store().validate(token))?.session.mfaSatisfied).toBe(true);
	});
});
