import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeps, type Deps } from './app';
import { bootstrapFirstAdmin } from './bootstrap';
import type { DatabaseHandle } from './db/client';
import { createTestDatabase } from './db/test-database';
import { findAccountByEmail } from './modules/accounts';
import { outboxMessages } from './platform/mail';
import { readConfig } from './platform/config/config';

let handle: DatabaseHandle;
let deps: Deps;
beforeAll(async () => {
	handle = await createTestDatabase();
	deps = buildDeps(handle, { config: readConfig({ TREMPLIN_DEMO: '0' }) });
});
afterAll(() => handle.close());

describe('the first start of a real deployment', () => {
	it('does nothing without TREMPLIN_ADMIN_EMAIL', async () => {
		expect(await bootstrapFirstAdmin(deps, null, 'https://tremplin.example.org')).toBe('skipped');
	});

	it('creates the first platform admin and sends them a link to choose their password', async () => {
		expect(await bootstrapFirstAdmin(deps, 'dsi@arml.example.org', 'https://tremplin.example.org')).toBe('created');
		const admin = await findAccountByEmail(handle.db, 'dsi@arml.example.org');
		expect(admin?.role).toBe('platform_admin');
		const mails = await handle.db.select().from(outboxMessages);
		const mail = mails.find((m) => m.recipient === 'dsi@arml.example.org');
		expect(mail?.text).toMatch(/https:\/\/tremplin\.example\.org\/mot-de-passe\/nouveau\/[\w-]+/);
	});

	it('does nothing once an admin exists, even for another address', async () => {
		expect(await bootstrapFirstAdmin(deps, 'autre@arml.example.org', 'https://tremplin.example.org')).toBe('exists');
		expect(await findAccountByEmail(handle.db, 'autre@arml.example.org')).toBeNull();
	});
});
