import type { DatabaseHandle } from '../../db/client';

export interface HealthReport {
	status: 'ok' | 'unavailable';
	database: 'pglite' | 'postgresql';
	version: string;
}

/** `/healthz`: 200 when the database answers within the timeout, 503 otherwise. */
export async function checkHealth(
	database: DatabaseHandle,
	version: string,
	timeoutMs = 2000
): Promise<{ httpStatus: 200 | 503; body: HealthReport }> {
	try {
		await database.ping(timeoutMs);
		return { httpStatus: 200, body: { status: 'ok', database: database.kind, version } };
	} catch {
		return { httpStatus: 503, body: { status: 'unavailable', database: database.kind, version } };
	}
}
