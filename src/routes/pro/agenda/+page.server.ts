import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { addDays, isDay, mondayOf, parisDay, parisToInstant } from '$lib/appointments/time';
import { getApp } from '$lib/server/app';
import {
	agendaOwners,
	bookableSites,
	bookAppointment,
	bookNewSlotForYouth,
	cancelAppointment,
	deleteSlot,
	DURATIONS,
	freeSlotsByDay,
	getAgenda,
	getAppointment,
	getFreeSlot,
	joinAppointmentVideo,
	markAttendance,
	MAX_WEEKS,
	moveAppointment,
	publishSlots,
	REASON_MAX,
	youthToBookFor
} from '$lib/server/modules/appointments';
import { closureOn, closuresOf } from '$lib/server/modules/structures';
import { isStaff, requireActor } from '$lib/server/platform/access';
import { isDomainError } from '$lib/server/platform/errors/errors';
import { readForm, refill } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const NOTICES: Record<string, string> = {
	publie: 'Disponibilités publiées.',
	supprime: 'Créneau supprimé.',
	reserve: 'Rendez-vous réservé. Le jeune est prévenu dans sa conversation, et par e-mail s’il en a un.',
	annule: 'Rendez-vous annulé. Le jeune est prévenu dans sa conversation ; le créneau est de nouveau libre.',
	deplace: 'Rendez-vous déplacé. Le jeune est prévenu dans sa conversation, et par e-mail s’il en a un.',
	presence: 'Présence notée.'
};

/** The agenda's place (view, day, whose agenda) read from the URL, with safe defaults. */
function placeOf(url: URL, today: string) {
	const vue = url.searchParams.get('vue') === 'jour' ? 'jour' : 'semaine';
	const raw = url.searchParams.get('date') ?? '';
	// On a weekend, the week to come is more useful than the one ending.
	const weekend = [0, 6].includes(new Date(`${today}T12:00:00Z`).getUTCDay());
	const date = isDay(raw) ? raw : vue === 'semaine' && weekend ? mondayOf(addDays(today, 7)) : today;
	const conseiller = url.searchParams.get('conseiller');
	return { vue, date, conseiller } as const;
}

/**
 * Where an action returns: the view the form was sent from (hidden fields `vue`, `date`,
 * `conseiller`), or the day it changed (`day`, for publishing and booking on a new slot).
 */
function back(values: Record<string, string>, ok: string, options: { toDay?: boolean } = {}) {
	const today = parisDay(new Date());
	const vue = values.vue === 'jour' ? 'jour' : 'semaine';
	const wanted = options.toDay && values.day ? values.day : (values.date ?? '');
	const date = isDay(wanted) ? wanted : today;
	const query = new URLSearchParams({ vue, date });
	if (values.conseiller && /^[0-9a-f-]{36}$/i.test(values.conseiller)) query.set('conseiller', values.conseiller);
	query.set('ok', ok);
	return `/pro/agenda?${query}`;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireActor(locals.actor);
	if (!isStaff(actor)) error(403, 'L’agenda est réservé aux équipes des Missions Locales.');
	const app = await getApp();
	const now = app.now();
	const today = parisDay(now);
	const place = placeOf(url, today);
	const staffId = place.conseiller ?? actor.userId;
	const first = place.vue === 'jour' ? place.date : mondayOf(place.date);
	const dayCount = place.vue === 'jour' ? 1 : 7;
	const from = parisToInstant(first, '00:00');
	const to = parisToInstant(addDays(first, dayCount), '00:00');
	const agenda = await getAgenda(app.db, actor, { staffId, from, to, now });
	if (!agenda) error(404, 'Cet agenda n’existe pas ou n’est pas celui d’une personne de votre Mission Locale.');

	// Exceptional closures of the structure (« Réglages »): the days they cover are marked.
	const closures = actor.structureId ? await closuresOf(app.db, actor.structureId, first) : [];
	const days = Array.from({ length: dayCount }, (_, i) => addDays(first, i)).map((day) => ({
		day,
		slots: agenda.slots.filter((s) => parisDay(s.startsAt) === day),
		closure: closureOn(closures, day)
	}));
	const step = place.vue === 'jour' ? 1 : 7;
	const bookSlotId = url.searchParams.get('reserver');
	const cancelId = url.searchParams.get('annuler');
	const moveId = url.searchParams.get('deplacer');
	const [owners, sites, youth, bookSlot, toCancel, toMove] = await Promise.all([
		agendaOwners(app.db, actor),
		bookableSites(app.db, actor),
		youthToBookFor(app.db, actor),
		bookSlotId ? getFreeSlot(app.db, actor, bookSlotId, now) : null,
		cancelId ? getAppointment(app.db, actor, cancelId, now) : null,
		moveId ? getAppointment(app.db, actor, moveId, now) : null
	]);
	// Moving: the structure's free slots of the next weeks, every counselor's, by day.
	const moveTargets = toMove?.changeable ? await freeSlotsByDay(app.db, actor, { now }) : [];
	return {
		vue: place.vue,
		date: place.date,
		today,
		/** Default day of the forms: the day shown, unless it is past. */
		formDay: place.date < today ? today : place.date,
		staffId,
		isMine: staffId === actor.userId,
		prev: addDays(place.date, -step),
		next: addDays(place.date, step),
		days,
		now,
		owners,
		sites,
		youth,
		bookSlot,
		bookSlotAsked: !!bookSlotId,
		/** Staff may book on a closed day (youth may not): the panel says so. */
		bookSlotClosure: bookSlot ? closureOn(closures, parisDay(bookSlot.startsAt)) : null,
		toCancel: toCancel && toCancel.changeable ? toCancel : null,
		toMove: toMove && toMove.changeable ? toMove : null,
		moveAsked: !!moveId,
		moveTargets,
		bookingId: randomUUID(),
		durations: DURATIONS,
		maxWeeks: MAX_WEEKS,
		reasonMax: REASON_MAX,
		notice: NOTICES[url.searchParams.get('ok') ?? ''] ?? null
	};
};

/** Runs an action's use case; a domain error comes back to the page with the form (which says `form`). */
async function act(request: Request, which: string, fn: (values: Record<string, string>) => Promise<unknown>) {
	let values: Record<string, string> = {};
	try {
		values = await readForm(request);
		await fn(values);
		return { failure: null, values };
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return { failure: fail(e.status, { form: which, code: e.code, message: e.message, fields: e.fields, values: refill(values) }), values };
	}
}

export const actions: Actions = {
	publier: async ({ request, locals }) => {
		const app = await getApp();
		const { failure, values } = await act(request, 'publier', (v) => publishSlots(app, locals.actor, v));
		if (failure) return failure;
		redirect(303, back(values, 'publie', { toDay: true }));
	},
	supprimer: async ({ request, locals }) => {
		const app = await getApp();
		const { failure, values } = await act(request, 'supprimer', (v) => deleteSlot(app, locals.actor, v.slotId ?? ''));
		if (failure) return failure;
		redirect(303, back(values, 'supprime'));
	},
	reserver: async ({ request, locals }) => {
		const app = await getApp();
		const { failure, values } = await act(request, 'reserver', (v) =>
			bookAppointment(app, locals.actor, { id: v.id ?? '', slotId: v.slotId ?? '', youthId: v.youthId ?? '' })
		);
		if (failure) return failure;
		redirect(303, back(values, 'reserve'));
	},
	creer: async ({ request, locals }) => {
		const app = await getApp();
		const { failure, values } = await act(request, 'creer', (v) => bookNewSlotForYouth(app, locals.actor, { id: v.id ?? '', youthId: v.youthId ?? '', values: v }));
		if (failure) return failure;
		redirect(303, back(values, 'reserve', { toDay: true }));
	},
	annuler: async ({ request, locals }) => {
		const app = await getApp();
		const { failure, values } = await act(request, 'annuler', (v) => cancelAppointment(app, locals.actor, { id: v.appointmentId ?? '', reason: v.reason }));
		if (failure) return failure;
		redirect(303, back(values, 'annule'));
	},
	deplacer: async ({ request, locals }) => {
		const app = await getApp();
		let day: string | null = null;
		const { failure, values } = await act(request, 'deplacer', async (v) => {
			const { appointment } = await moveAppointment(app, locals.actor, { id: v.appointmentId ?? '', newId: v.id ?? '', slotId: v.slotId ?? '' });
			day = parisDay(appointment.startsAt);
		});
		if (failure) return failure;
		// Back on the new appointment's day, in the agenda being looked at.
		redirect(303, back({ ...values, day: day ?? '' }, 'deplace', { toDay: true }));
	},
	presence: async ({ request, locals }) => {
		const app = await getApp();
		const { failure, values } = await act(request, 'presence', (v) => markAttendance(app, locals.actor, { id: v.appointmentId ?? '', attendance: v.attendance ?? '' }));
		if (failure) return failure;
		redirect(303, back(values, 'presence'));
	},
	visio: async ({ request, locals }) => {
		const app = await getApp();
		let call: { id: string } | null = null;
		const { failure } = await act(request, 'visio', async (v) => {
			call = await joinAppointmentVideo(app, locals.actor, v.appointmentId ?? '');
		});
		if (failure || !call) return failure;
		redirect(303, `/visio/${(call as { id: string }).id}`);
	}
};
