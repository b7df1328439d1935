import { lt } from 'drizzle-orm';
import type { Deps } from '$lib/server/app';
import type { Database } from '$lib/server/db/client';
import { createActivationCode, type CreatedActivationCode } from '$lib/server/modules/activation';
import { listStaff } from '$lib/server/modules/staff';
import { findCommune, findMissionLocaleFor } from '$lib/server/modules/structures';
import { authorize, type Actor } from '$lib/server/platform/access';
import { recordAudit } from '$lib/server/platform/audit';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { validate } from '$lib/server/platform/http/forms';
import type { RateLimitPolicy } from '$lib/server/platform/rate-limit';
import {
	contactRateLimited,
	contactRequestNotFound,
	noMissionLocale,
	notStaffOfStructure,
	unknownCommune,
	wrongStatus
} from './contact-requests.errors';
import { createContactRequestsRepository } from './contact-requests.repository';
import { contactRequests, type ContactRequestStatus } from './contact-requests.schema';
import { assignSchema, closeSchema, submitSchema } from './contact-requests.validation';

/** The name of the hidden field only robots fill in. */
export const HONEYPOT_FIELD = 'site_web';

/** 5 requests per hour from one connection (the 5th locks the next ones for an hour). */
export const IP_POLICY: RateLimitPolicy = { freeFailures: 4, baseLockSeconds: 3600, maxLockSeconds: 3600, windowSeconds: 3600 };
/** 3 requests per day for one phone number or e-mail address. */
export const CONTACT_POLICY: RateLimitPolicy = {
	freeFailures: 2,
	baseLockSeconds: 24 * 3600,
	maxLockSeconds: 24 * 3600,
	windowSeconds: 24 * 3600
};

/** Requests are deleted a year after their last change, whatever their state. */
export const RETENTION_DAYS = 365;

const ipKey = (ip: string) => `contact:ip:${ip}`;
const contactKey = (value: string) => `contact:to:${value}`;

async function checkRate(deps: Pick<Deps, 'rateLimiter'>, keys: string[], byContact: boolean) {
	try {
		await deps.rateLimiter.check(keys);
	} catch (e) {
		if (isDomainError(e) && e.kind === 'rate_limited') throw contactRateLimited(e.retryAfterSeconds ?? 3600, byContact);
		throw e;
	}
}

export interface SubmittedContactRequest {
	/** False when the honeypot was filled: the person sees the same page, nothing is stored. */
	stored: boolean;
	structureId: string;
	communeCode: string;
}

/**
 * A person without an account asks to be contacted. Routed to the Mission Locale that covers the
 * commune. Rate limited per connection and per phone/e-mail; a filled honeypot stores nothing.
 */
export async function submitContactRequest(
	deps: Pick<Deps, 'db' | 'now' | 'rateLimiter'>,
	input: { values: Record<string, string>; ip: string }
): Promise<SubmittedContactRequest> {
	await checkRate(deps, [ipKey(input.ip)], false);
	const values = validate(submitSchema, input.values);
	const commune = findCommune(values.communeCode);
	if (!commune) throw unknownCommune();
	const [match] = await findMissionLocaleFor(deps.db, { communeCode: commune.code }, deps.now());
	if (!match) throw noMissionLocale();

	const honeypot = (input.values[HONEYPOT_FIELD] ?? '').trim() !== '';
	if (honeypot) {
		await deps.rateLimiter.hit([ipKey(input.ip)], IP_POLICY);
		return { stored: false, structureId: match.id, communeCode: commune.code };
	}

	const contactKeys = [values.phone, values.email].filter((v): v is string => v !== null).map(contactKey);
	await checkRate(deps, contactKeys, true);

	const now = deps.now();
	const [row] = await deps.db
		.insert(contactRequests)
		.values({
			structureId: match.id,
			firstName: values.firstName,
			phone: values.phone,
			email: values.email,
			communeCode: commune.code,
			communeName: commune.name,
			postalCode: values.postalCode,
			message: values.message,
			preferredTime: values.preferredTime,
			createdAt: now,
			updatedAt: now
		})
		.returning({ id: contactRequests.id });
	await deps.rateLimiter.hit([ipKey(input.ip)], IP_POLICY);
	await deps.rateLimiter.hit(contactKeys, CONTACT_POLICY);
	await recordAudit(deps.db, {
		actorId: null,
		action: 'contact_request.received',
		targetType: 'contact_request',
		targetId: row!.id,
		structureId: match.id
	});
	return { stored: true, structureId: match.id, communeCode: commune.code };
}

type StaffDeps = Pick<Deps, 'db' | 'now'>;

/** Authorization first, then the request in the actor's own structure (foreign ids: not found). */
async function load(deps: StaffDeps, actor: Actor | null, id: string) {
	authorize(actor, 'write', 'contact_request', { structureId: actor?.structureId ?? null, networkId: actor?.networkId ?? null });
	const repository = createContactRequestsRepository({ db: deps.db, actor });
	const row = await repository.findById(id);
	if (!row) throw contactRequestNotFound();
	authorize(actor, 'write', 'contact_request', { structureId: row.structureId, networkId: actor.networkId });
	return { actor, repository, row };
}

async function move(
	deps: StaffDeps,
	ctx: Awaited<ReturnType<typeof load>>,
	from: readonly ContactRequestStatus[],
	set: Partial<typeof contactRequests.$inferInsert>,
	action: string,
	details: Record<string, unknown> = {}
) {
	const now = deps.now();
	if (!(await ctx.repository.transition(ctx.row.id, from, { ...set, updatedAt: now }))) throw wrongStatus();
	await recordAudit(deps.db, {
		actorId: ctx.actor.userId,
		action,
		targetType: 'contact_request',
		targetId: ctx.row.id,
		structureId: ctx.row.structureId,
		details
	});
}

const OPEN: readonly ContactRequestStatus[] = ['new', 'assigned', 'contacted'];

/** Gives the request to a counselor (or manager) of the structure. */
export async function assignContactRequest(
	deps: StaffDeps,
	actor: Actor | null,
	id: string,
	input: Record<string, unknown>
): Promise<void> {
	const ctx = await load(deps, actor, id);
	const { counselorId } = validate(assignSchema, input);
	const staff = await listStaff(deps.db, ctx.actor, ctx.row.structureId);
	if (!staff.some((s) => s.id === counselorId && !s.disabled)) throw notStaffOfStructure();
	const status: ContactRequestStatus = ctx.row.status === 'contacted' ? 'contacted' : 'assigned';
	await move(deps, ctx, OPEN, { assignedTo: counselorId, status }, 'contact_request.assigned', { counselorId });
}

/** The person was reached (phone call, e-mail answered…). */
export async function markContactRequestContacted(deps: StaffDeps, actor: Actor | null, id: string): Promise<void> {
	const ctx = await load(deps, actor, id);
	await move(
		deps,
		ctx,
		['new', 'assigned'],
		{ status: 'contacted', contactedAt: deps.now(), assignedTo: ctx.row.assignedTo ?? ctx.actor.userId },
		'contact_request.contacted'
	);
}

/** Turns the request into a youth account: an activation code for that person, made by the actor. */
export async function convertContactRequest(
	deps: StaffDeps,
	actor: Actor | null,
	id: string
): Promise<CreatedActivationCode> {
	const ctx = await load(deps, actor, id);
	if (!OPEN.includes(ctx.row.status)) throw wrongStatus();
	return deps.db.transaction(async (tx) => {
		const txDeps = { db: tx as unknown as Database, now: deps.now };
		const created = await createActivationCode(txDeps, ctx.actor, { firstName: ctx.row.firstName, lastName: '' });
		const txCtx = { ...ctx, repository: createContactRequestsRepository({ db: txDeps.db, actor: ctx.actor }) };
		await move(
			txDeps,
			txCtx,
			OPEN,
			{
				status: 'converted',
				activationCodeId: created.id,
				assignedTo: ctx.row.assignedTo ?? ctx.actor.userId,
				contactedAt: ctx.row.contactedAt ?? deps.now()
			},
			'contact_request.converted',
			{ activationCodeId: created.id }
		);
		return created;
	});
}

/** Closes the request with a reason (reached but no follow-up, unreachable, out of area, duplicate, other). */
export async function closeContactRequest(
	deps: StaffDeps,
	actor: Actor | null,
	id: string,
	input: Record<string, unknown>
): Promise<void> {
	const ctx = await load(deps, actor, id);
	const { reason, note } = validate(closeSchema, input);
	await move(
		deps,
		ctx,
		OPEN,
		{ status: 'closed', closeReason: reason, closeNote: note || null, closedAt: deps.now() },
		'contact_request.closed',
		{ reason }
	);
}

/** Deletes requests untouched for a year (closed, converted or never handled alike). */
export async function purgeOldContactRequests(db: Database, now: Date): Promise<void> {
	const limit = new Date(now.getTime() - RETENTION_DAYS * 24 * 3600_000);
	await db.delete(contactRequests).where(lt(contactRequests.updatedAt, limit));
}
