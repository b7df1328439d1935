import { PGlite, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is behind it. Transactions (`tx`) have the same type. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgresql';

export type NotificationListener = (payload: string) => void;

export interface DatabaseHandle {
	db: Database;
	kind: DatabaseKind;
	/** Resolves when the database answers a trivial query; rejects otherwise. */
	ping(timeoutMs?: number): Promise<void>;
	/** LISTEN on a channel; in-process on PGlite, across processes on PostgreSQL. */
	listen(channel: string, listener: NotificationListener): Promise<() => Promise<void>>;
	notify(channel: string, payload: string): Promise<void>;
	/** Runs `fn` while holding a database-wide advisory lock (serialises migrations between processes). */
	withAdvisoryLock<T>(key: number, fn: (db: Database) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
function checkChannel(channel: string) {
	if (!CHANNEL.test(channel)) throw new Error(`invalid channel name: ${channel}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
		promise.then(
			(v) => {
				clearTimeout(timer);
				resolve(v);
			},
			(e) => {
				clearTimeout(timer);
				reject(e);
			}
		);
	});
}

/**
 * Drizzle passes these parsers (dates, timestamps, intervals and their arrays kept as text: drizzle
 * maps them itself) with every query, and PGlite merges them into its ~320 parsers on every call:
 * ≈ 0.25 ms a query, as much as a primary-key lookup (docs/BENCHMARKS.md, messaging). They are
 * given once, to PGlite, and `withoutRepeatedParsers` leaves drizzle's per-query copy out.
 */
const keepAsText = (value: string) => value;
const DRIZZLE_TEXT_TYPES = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];
const TEXT_PARSERS = Object.fromEntries(DRIZZLE_TEXT_TYPES.map((oid) => [oid, keepAsText]));
const TEXT_TYPE_SET = new Set(DRIZZLE_TEXT_TYPES.map(String));

interface QueryOptions {
	parsers?: Record<string, unknown>;
}

function stripTextParsers<O>(options: O): O {
	const parsers = (options as QueryOptions | undefined)?.parsers;
	// Only drizzle's own set (a subset of the types PGlite already keeps as text) is left out.
	if (!parsers || !Object.keys(parsers).every((oid) => TEXT_TYPE_SET.has(oid))) return options;
	return { ...options, parsers: undefined };
}

type Queryable = Pick<PGlite, 'query'> & Partial<Pick<PGlite, 'transaction'>>;

/** The same client for drizzle (queries, transactions), without the per-query parsers. */
function withoutRepeatedParsers<T extends Queryable>(target: T): T {
	return new Proxy(target, {
		get(object, property) {
			if (property === 'query') {
				return (query: string, params?: unknown[], options?: unknown) => object.query(query, params, stripTextParsers(options as never));
			}
			if (property === 'transaction' && object.transaction) {
				const transaction = object.transaction.bind(object);
				return (fn: (tx: Queryable) => Promise<unknown>) => transaction((tx) => fn(withoutRepeatedParsers(tx)));
			}
			const value: unknown = Reflect.get(object, property, object);
			return typeof value === 'function' ? value.bind(object) : value;
		}
	});
}

/** An embedded PGlite database: `dataDir` on disk, or in memory when omitted. */
export async function openPglite(dataDir?: string): Promise<DatabaseHandle> {
	const client = dataDir ? new PGlite(dataDir, { parsers: TEXT_PARSERS }) : new PGlite({ parsers: TEXT_PARSERS });
	await client.waitReady;
	const db = drizzlePglite(withoutRepeatedParsers(client), { schema }) as unknown as Database;
	let closed = false;
	return {
		db,
		kind: 'pglite',
		async ping(timeoutMs = 2000) {
			if (closed) throw new Error('database closed');
			await withTimeout(client.query('select 1'), timeoutMs);
		},
		async listen(channel, listener) {
			checkChannel(channel);
			const unsubscribe = await client.listen(channel, listener);
			return async () => {
				if (!closed) await unsubscribe();
			};
		},
		async notify(channel, payload) {
			checkChannel(channel);
			await client.query('select pg_notify($1, $2)', [channel, payload]);
		},
		async withAdvisoryLock(_key, fn) {
			// PGlite is single-connection and single-process: nothing to serialise against.
			return fn(db);
		},
		async close() {
			if (closed) return;
			closed = true;
			await client.close();
		}
	};
}

/** A PostgreSQL server reached through a connection pool. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
	const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5000 });
	// An idle client that loses its connection must not crash the process.
	pool.on('error', () => {});
	const db = drizzlePg(pool, { schema }) as unknown as Database;
	let listenClient: pg.PoolClient | null = null;
	const listeners = new Map<string, Set<NotificationListener>>();
	let closed = false;

	async function ensureListenClient() {
		if (listenClient) return listenClient;
		const client = await pool.connect();
		client.on('notification', (msg) => {
			for (const l of listeners.get(msg.channel) ?? []) l(msg.payload ?? '');
		});
		client.on('error', () => {
			// The connection dropped (server restart, network): LISTEN again on a new one for every
			// channel still listened to. Until then, hints are lost — listeners must not rely on them alone.
			if (listenClient !== client) return;
			listenClient = null;
			client.release(true);
			if (!closed && listeners.size > 0) void relisten();
		});
		listenClient = client;
		return client;
	}

	async function relisten(attempt = 0): Promise<void> {
		if (closed || listenClient) return;
		try {
			const client = await ensureListenClient();
			for (const channel of listeners.keys()) await client.query(`listen ${channel}`);
		} catch {
			listenClient = null;
			if (attempt < 30) setTimeout(() => void relisten(attempt + 1), Math.min(30_000, 500 * 2 ** attempt)).unref();
		}
	}

	return {
		db,
		kind: 'postgresql',
		async ping(timeoutMs = 2000) {
			if (closed) throw new Error('database closed');
			await withTimeout(pool.query('select 1'), timeoutMs);
		},
		async listen(channel, listener) {
			checkChannel(channel);
			const client = await ensureListenClient();
			let set = listeners.get(channel);
			if (!set) {
				set = new Set();
				listeners.set(channel, set);
				await client.query(`listen ${channel}`);
			}
			set.add(listener);
			return async () => {
				set.delete(listener);
				if (set.size === 0 && listeners.get(channel) === set) {
					listeners.delete(channel);
					if (!closed && listenClient) await listenClient.query(`unlisten ${channel}`).catch(() => {});
				}
			};
		},
		async notify(channel, payload) {
			checkChannel(channel);
			await pool.query('select pg_notify($1, $2)', [channel, payload]);
		},
		async withAdvisoryLock(key, fn) {
			const client = await pool.connect();
			try {
				await client.query('select pg_advisory_lock($1)', [key]);
				try {
					return await fn(drizzlePg(client, { schema }) as unknown as Database);
				} finally {
					await client.query('select pg_advisory_unlock($1)', [key]);
				}
			} finally {
				client.release();
			}
		},
		async close() {
			if (closed) return;
			closed = true;
			listenClient?.release();
			listenClient = null;
			await pool.end();
		}
	};
}

/** Current time as the database sees it (one clock for all processes). */
export async function databaseNow(db: Database): Promise<Date> {
	const rows = await db.execute<{ now: Date | string }>(sql`select now() as now`);
	const first = (rows as unknown as { rows: { now: Date | string }[] }).rows[0];
	return new Date(first!.now);
}
