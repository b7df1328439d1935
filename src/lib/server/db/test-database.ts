import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type DatabaseHandle } from './client';
import { runMigrations } from './migrate';

/**
 * A fresh, migrated database for one test file.
 * - Default: an in-memory PGlite.
 * - With `TEST_DATABASE_URL`: a new database on that PostgreSQL server, dropped by `close()`.
 *
 * Usage: `const handle = await createTestDatabase(); afterAll(() => handle.close());`
 */
const testDatabaseUrls = new WeakMap<DatabaseHandle, string>();

/**
 * The URL of a PostgreSQL test database made by `createTestDatabase` (undefined on PGlite), to
 * open a second handle on it, like a second process would. Close that handle before the first.
 */
export function testDatabaseUrl(handle: DatabaseHandle): string | undefined {
	return testDatabaseUrls.get(handle);
}

export async function createTestDatabase(): Promise<DatabaseHandle> {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) {
		const handle = await openPglite();
		await runMigrations(handle);
		return handle;
	}
	const name = `tremplin_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const target = new URL(url);
	target.pathname = `/${name}`;
	const handle = await openPostgres(target.toString(), { max: 5 });
	await runMigrations(handle);
	testDatabaseUrls.set(handle, target.toString());
	const close = handle.close.bind(handle);
	handle.close = async () => {
		await close();
		const dropper = new pg.Client({ connectionString: url });
		await dropper.connect();
		try {
			await dropper.query(`drop database if exists ${name} with (force)`);
		} finally {
			await dropper.end();
		}
	};
	return handle;
}
