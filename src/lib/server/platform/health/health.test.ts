import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/client';
import { createTestDatabase } from '../../db/test-database';
import { checkHealth } from './health';

describe('the health check', () => {
	it('answers ok with the kind of database when it answers', async () => {
		const handle = await createTestDatabase();
		try {
			const report = await checkHealth(handle, '1.2.3');
			expect(report).toEqual({
				httpStatus: 200,
				body: { status: 'ok', database: process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite', version: '1.2.3' }
			});
		} finally {
			await handle.close();
		}
	});

	it('answers 503 when the database is gone', async () => {
		const handle = await createTestDatabase();
		await handle.close();
		const report = await checkHealth(handle, '1.2.3');
		expect(report.httpStatus).toBe(503);
		expect(report.body.status).toBe('unavailable');
	});

	it('answers 503 when PostgreSQL cannot be reached', async () => {
		// Nothing listens on port 1 of the loopback.
		const handle = await openPostgres('postgres://postgres@127.0.0.1:1/nothing');
		try {
			const report = await checkHealth(handle, '1.2.3', 1500);
			expect(report).toMatchObject({ httpStatus: 503, body: { status: 'unavailable', database: 'postgresql' } });
		} finally {
			await handle.close();
		}
	});
});
