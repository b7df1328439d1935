import { existsSync } from 'node:fs';
import path from 'node:path';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { DatabaseHandle } from './client';

const MIGRATION_LOCK = 7_240_001;

/** Where the committed SQL migrations are: `TREMPLIN_MIGRATIONS_DIR`, or `drizzle/` from the working directory. */
export function migrationsFolder(): string {
	const configured = process.env.TREMPLIN_MIGRATIONS_DIR;
	if (configured) return path.resolve(configured);
	const candidates = [path.resolve('drizzle'), path.resolve(import.meta.dirname ?? '.', '../../../../drizzle')];
	return candidates.find((c) => existsSync(path.join(c, 'meta', '_journal.json'))) ?? candidates[0]!;
}

/** Applies every pending migration. Several processes may call it at once on PostgreSQL. */
export async function runMigrations(handle: DatabaseHandle, folder = migrationsFolder()): Promise<void> {
	await handle.withAdvisoryLock(MIGRATION_LOCK, async (db) => {
		if (handle.kind === 'pglite') {
			await migratePglite(db as unknown as PgliteDatabase<Record<string, never>>, { migrationsFolder: folder });
		} else {
			await migratePg(db as unknown as NodePgDatabase<Record<string, never>>, { migrationsFolder: folder });
		}
	});
}
