import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { createYouthAccount, findAccountByEmail, findAccountByPhone } from '$lib/server/modules/accounts';
import { authorize, type Actor } from '$lib/server/platform/access';
import { recordAudit } from '$lib/server/platform/audit';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { validate } from '$lib/server/platform/http/forms';
import { CODE_POLICY } from '$lib/server/platform/rate-limit';
import {
	CODE_VALIDITY_DAYS,
	formatActivationCode,
	generateActivationCode,
	hashActivationCode
} from './activation.codes';
import {
	activationCodeNotFound,
	activationCodeNotPending,
	activationRateLimited,
	contactTaken,
	invalidActivationCode
} from './activation.errors';
import {
	attachYouth,
	claimCode,
	createActivationCodesRepository,
	findUsableCode
} from './activation.repository';
import { activateSchema, checkCodeSchema, createCodeSchema, type Contact } from './activation.validation';

type CodeDeps = Pick<Deps, 'db' | 'now'>;

export interface CreatedActivationCode {
	id: string;
	/** The plain code, `ABC-DEF-GHJ`: returned once, never stored. */
	code: string;
	firstName: string;
	lastName: string;
	expiresAt: Date;
}

const isUniqueViolation = (e: unknown): boolean => {
	const err = e as { code?: string; cause?: { code?: string } } | null;
	return err?.code === '23505' || err?.cause?.code === '23505';
};

/** A counselor (or manager) creates a single-use code for a youth met in person, valid 14 days. */
export async function createActivationCode(
	deps: CodeDeps,
	actor: Actor | null,
	input: Record<string, unknown>
): Promise<CreatedActivationCode> {
	authorize(actor, 'write', 'activation_code', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
	const values = validate(createCodeSchema, input);
	const repository = createActivationCodesRepository({ db: deps.db, actor });
	const createdAt = deps.now();
	const expiresAt = new Date(createdAt.getTime() + CODE_VALIDITY_DAYS * 24 * 3600 * 1000);
	// A collision among 2 × 10^13 codes is very unlikely; the unique index catches it and we draw again.
	for (let attempt = 0; ; attempt++) {
		const code = generateActivationCode();
		try {
			const row = await repository.insert({
				codeHash: hashActivationCode(code),
				youthFirstName: values.firstName,
				youthLastName: values.lastName,
				createdAt,
				expiresAt
			});
			await recordAudit(deps.db, {
				actorId: actor.userId,
				action: 'activation.code_created',
				targetType: 'activation_code',
				targetId: row.id,
				structureId: actor.structureId
			});
			return { id: row.id, code, firstName: row.youthFirstName, lastName: row.youthLastName, expiresAt };
		} catch (e) {
			if (!isUniqueViolation(e) || attempt >= 3) throw e;
		}
	}
}

/** Revokes a pending code (lost paper, wrong person…). Only in the actor's own scope. */
export async function revokeActivationCode(deps: CodeDeps, actor: Actor | null, codeId: string): Promise<void> {
	authorize(actor, 'write', 'activation_code', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
	const repository = createActivationCodesRepository({ db: deps.db, actor });
	const row = await repository.findById(codeId);
	if (!row) throw activationCodeNotFound();
	authorize(actor, 'write', 'activation_code', { structureId: row.structureId, networkId: actor.networkId });
	if (!(await repository.revokePending(codeId, deps.now()))) throw activationCodeNotPending();
	await recordAudit(deps.db, {
		actorId: actor.userId,
		action: 'activation.code_revoked',
		targetType: 'activation_code',
		targetId: codeId,
		structureId: row.structureId
	});
}

type GuessDeps = Pick<Deps, 'db' | 'now' | 'rateLimiter'>;

const ipKey = (ip: string) => `activation:ip:${ip}`;

async function checkRate(deps: GuessDeps, ip: string) {
	try {
		await deps.rateLimiter.check([ipKey(ip)]);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'rate_limited') throw activationRateLimited(e.retryAfterSeconds ?? 60);
		throw e;
	}
}

/**
 * Step 1 of the activation: is this code usable? Returns the first name the counselor typed, to
 * greet the youth. Every wrong code counts against the IP address.
 */
export async function checkActivationCode(
	deps: GuessDeps,
	input: { code: unknown; ip: string }
): Promise<{ code: string; firstName: string }> {
	await checkRate(deps, input.ip);
	const { code } = validate(checkCodeSchema, { code: input.code });
	const row = await findUsableCode(deps.db, hashActivationCode(code), deps.now());
	if (!row) {
		await deps.rateLimiter.hit([ipKey(input.ip)], CODE_POLICY);
		throw invalidActivationCode();
	}
	return { code: formatActivationCode(code), firstName: row.youthFirstName };
}

async function ensureContactFree(db: Database, contact: Contact) {
	if (!contact) return;
	const existing =
		contact.channel === 'email' ? await findAccountByEmail(db, contact.value) : await findAccountByPhone(db, contact.value);
	if (existing) throw contactTaken(contact.channel);
}

/**
 * Step 2: creates the youth account attached to the counselor who made the code, marks the code
 * used (exactly once, even under concurrency) and opens a session.
 */
export async function activateYouthAccount(
	deps: GuessDeps & Pick<Deps, 'sessions'>,
	input: { values: Record<string, unknown>; ip: string; userAgent?: string | null }
): Promise<{ userId: string; token: string; expiresAt: Date }> {
	await checkRate(deps, input.ip);
	const values = validate(activateSchema, input.values);
	const contact = values.contact;
	try {
		await ensureContactFree(deps.db, contact);
	} catch (e) {
		// Probing addresses with a valid code is limited like guessing codes.
		await deps.rateLimiter.hit([ipKey(input.ip)], CODE_POLICY);
		throw e;
	}

	const hash = hashActivationCode(values.code);
	const now = deps.now();
	let created: { userId: string; structureId: string; codeId: string };
	try {
		created = await deps.db.transaction(async (tx) => {
			const code = await claimCode(tx as unknown as Database, hash, now);
			if (!code) throw invalidActivationCode();
			const { id } = await createYouthAccount(tx as unknown as Database, {
				structureId: code.structureId,
				referentId: code.counselorId,
				assignedById: code.counselorId,
				firstName: values.firstName,
				lastName: code.youthLastName,
				email: contact?.channel === 'email' ? contact.value : null,
				phone: contact?.channel === 'sms' ? contact.value : null
			});
			await attachYouth(tx as unknown as Database, code.id, id);
			return { userId: id, structureId: code.structureId, codeId: code.id };
		});
	} catch (e) {
		if (isUniqueViolation(e) && contact) throw contactTaken(contact.channel);
		if (isDomainError(e) && e.code === 'activation.invalid_code') {
			await deps.rateLimiter.hit([ipKey(input.ip)], CODE_POLICY);
		}
		throw e;
	}

	// A shared connection (the Mission Locale's wifi) is not kept locked after someone succeeded.
	await deps.rateLimiter.reset([ipKey(input.ip)]);
	await recordAudit(deps.db, {
		actorId: created.userId,
		action: 'activation.account_created',
		targetType: 'activation_code',
		targetId: created.codeId,
		structureId: created.structureId
	});
	const session = await deps.sessions.create({
		userId: created.userId,
		method: 'activation',
		userAgent: input.userAgent ?? null
	});
	return { userId: created.userId, ...session };
}
