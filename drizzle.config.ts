import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema files and committed under drizzle/.
// The same SQL runs on PGlite (embedded) and on PostgreSQL.
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle',
	casing: undefined
});
