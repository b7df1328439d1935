import path from 'node:path';
import type { VapidConfig } from '../push/push';

/**
 * Every setting of Tremplin comes from an environment variable documented in README.md.
 * `readConfig` is pure (takes the environment as an argument) so that it can be tested.
 */
export interface Config {
	databaseUrl: string | null;
	dataDir: string;
	demo: boolean;
	/** Second factor (TOTP) enforced for structure managers, network referents and admins. */
	enforceMfa: boolean;
	smtpUrl: string | null;
	mailFrom: string;
	smsProvider: 'outbox' | 'http';
	smsHttpUrl: string | null;
	publicUrl: string | null;
	logLevel: string;
	sessionDays: number;
	version: string;
	jobsPollMs: number;
	/** First platform admin to create on a database that has none (real deployments). */
	adminEmail: string | null;
	/** WebRTC ICE servers of the visio (calls module): none by default, no third party is contacted. */
	ice: IceConfig;
	/** Web push (platform/push): VAPID keys (made and stored at first use when absent) and extra push services. */
	push: VapidConfig;
}

export interface IceConfig {
	stunUrls: string[];
	turnUrls: string[];
	/** Shared secret of the TURN server (coturn `static-auth-secret`): time-limited credentials. */
	turnSecret: string | null;
	/** Static TURN credentials, used when no secret is set. */
	turnUsername: string | null;
	turnCredential: string | null;
	/** Lifetime of a time-limited TURN credential. */
	turnTtlSeconds: number;
}

/** A comma-separated list of `stun:`/`stuns:` or `turn:`/`turns:` URLs. */
function iceUrls(value: string | undefined, schemes: string[], name: string): string[] {
	const urls = (value ?? '')
		.split(',')
		.map((u) => u.trim())
		.filter(Boolean);
	for (const url of urls) {
		if (!schemes.some((s) => url.startsWith(`${s}:`)) || /\s/.test(url)) {
			throw new Error(`${name} : adresse invalide « ${url} » (attendu ${schemes.map((s) => `${s}:`).join(' ou ')}…)`);
		}
	}
	return urls;
}

function readIceConfig(env: Record<string, string | undefined>): IceConfig {
	const turnUrls = iceUrls(env.TURN_URLS, ['turn', 'turns'], 'TURN_URLS');
	const turnSecret = env.TURN_SECRET?.trim() || null;
	const turnUsername = env.TURN_USERNAME?.trim() || null;
	const turnCredential = env.TURN_CREDENTIAL?.trim() || null;
	if (turnUrls.length > 0 && !turnSecret && !(turnUsername && turnCredential)) {
		throw new Error('TURN_URLS demande TURN_SECRET, ou bien TURN_USERNAME et TURN_CREDENTIAL');
	}
	return {
		stunUrls: iceUrls(env.STUN_URLS, ['stun', 'stuns'], 'STUN_URLS'),
		turnUrls,
		turnSecret,
		turnUsername,
		turnCredential,
		turnTtlSeconds: positiveInt(env.TURN_TTL_SECONDS, 6 * 3600, 'TURN_TTL_SECONDS')
	};
}

function flag(value: string | undefined): boolean | null {
	if (value === undefined || value === '') return null;
	if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
	if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
	throw new Error(`Valeur booléenne invalide : « ${value} » (attendu 1 ou 0)`);
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} doit être un entier positif (reçu « ${value} »)`);
	return n;
}

/** VAPID_* and PUSH_SERVICE_HOSTS: both keys or none; hosts as `host[:port]`. */
function readPushConfig(env: Record<string, string | undefined>, mailFrom: string, publicUrl: string | null): VapidConfig {
	const publicKey = env.VAPID_PUBLIC_KEY?.trim() || null;
	const privateKey = env.VAPID_PRIVATE_KEY?.trim() || null;
	if (!publicKey !== !privateKey) throw new Error('VAPID_PUBLIC_KEY et VAPID_PRIVATE_KEY vont ensemble : donnez les deux ou aucune');
	const extraHosts = (env.PUSH_SERVICE_HOSTS ?? '')
		.split(',')
		.map((h) => h.trim().toLowerCase())
		.filter(Boolean);
	for (const host of extraHosts) {
		if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[::1\])(?::\d{1,5})?$/.test(host)) {
			throw new Error(`PUSH_SERVICE_HOSTS : hôte invalide « ${host} » (attendu nom[:port])`);
		}
	}
	const subject = env.VAPID_SUBJECT?.trim() || (publicUrl?.startsWith('https:') ? publicUrl : `mailto:${/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom}`);
	if (!/^(mailto:|https:)/.test(subject)) throw new Error('VAPID_SUBJECT doit commencer par mailto: ou https:');
	return { publicKey, privateKey, subject, extraHosts };
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	const databaseUrl = env.DATABASE_URL?.trim() || null;
	const demo = flag(env.TREMPLIN_DEMO) ?? databaseUrl === null;
	const smsProvider = (env.SMS_PROVIDER ?? 'outbox') as Config['smsProvider'];
	if (!['outbox', 'http'].includes(smsProvider)) throw new Error(`SMS_PROVIDER inconnu : « ${smsProvider} »`);
	const mailFrom = env.MAIL_FROM?.trim() || 'Tremplin <ne-pas-repondre@tremplin.test>';
	const publicUrl = env.ORIGIN?.trim() || null;
	return {
		databaseUrl,
		dataDir: path.resolve(env.TREMPLIN_DATA_DIR?.trim() || 'data'),
		demo,
		enforceMfa: flag(env.TREMPLIN_ENFORCE_MFA) ?? !demo,
		smtpUrl: env.SMTP_URL?.trim() || null,
		mailFrom,
		smsProvider,
		smsHttpUrl: env.SMS_HTTP_URL?.trim() || null,
		publicUrl,
		logLevel: env.LOG_LEVEL?.trim() || 'info',
		sessionDays: positiveInt(env.TREMPLIN_SESSION_DAYS, 30, 'TREMPLIN_SESSION_DAYS'),
		version: env.TREMPLIN_VERSION?.trim() || env.npm_package_version || '0.1.0',
		jobsPollMs: positiveInt(env.TREMPLIN_JOBS_POLL_MS, 2000, 'TREMPLIN_JOBS_POLL_MS'),
		adminEmail: env.TREMPLIN_ADMIN_EMAIL?.trim().toLowerCase() || null,
		ice: readIceConfig(env),
		push: readPushConfig(env, mailFrom, publicUrl)
	};
}
