#!/usr/bin/env node
// The database routines (PL/pgSQL functions for hot paths, written next to their module as
// `<name>.routines.sql` under src/lib/server/) become the migration `drizzle/0001_routines.sql`,
// created empty by `drizzle-kit generate --custom --name routines` (see `npm run db:generate`).
// `node scripts/db-routines.js` writes it; `routinesSql()` is what a test compares it with.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const ROUTINES_MIGRATION = path.join(root, 'drizzle', '0001_routines.sql');

/** @param {string} dir @returns {string[]} */
function routineFiles(dir) {
	return readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) return routineFiles(full);
			return entry.name.endsWith('.routines.sql') ? [full] : [];
		})
		.sort();
}

/** The migration's text: every routines file, one statement each, in path order. @returns {string} */
export function routinesSql() {
	return routineFiles(path.join(root, 'src', 'lib', 'server'))
		.map((file) => `-- ${path.relative(root, file)}\n${readFileSync(file, 'utf8').trim()}\n`)
		.join('--> statement-breakpoint\n');
}

if (import.meta.filename === process.argv[1]) {
	if (!existsSync(ROUTINES_MIGRATION)) {
		console.error('drizzle/0001_routines.sql manque : lancez `npm run db:generate`.');
		process.exit(1);
	}
	writeFileSync(ROUTINES_MIGRATION, routinesSql());
	console.log(`écrit : ${path.relative(root, ROUTINES_MIGRATION)}`);
}
