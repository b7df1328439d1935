import { createEvent } from 'ics';
import { dateTimeInWords, MODE_LABELS } from '$lib/appointments/time';
import type { MailAttachment, MailMessage } from '$lib/server/platform/mail';
import type { AppointmentMode } from './appointments.schema';

/** What an invitation or a cancellation says about an appointment. */
export interface CalendarAppointment {
	id: string;
	startsAt: Date;
	endsAt: Date;
	mode: AppointmentMode;
	sequence: number;
	counselorName: string;
	structureName: string;
	/** "Accueil principal, 1 rue de la République, 69001 Lyon" for an appointment on site. */
	siteAddress: string | null;
	youthFirstName: string;
	youthEmail: string;
}

/** The calendar UID: stable for an appointment, so that calendars update or remove the same event. */
export const calendarUid = (appointmentId: string) => `${appointmentId}@tremplin`;

export function calendarLocation(a: Pick<CalendarAppointment, 'mode' | 'siteAddress'>): string {
	if (a.mode === 'in_person') return a.siteAddress ?? 'Sur place';
	return a.mode === 'phone' ? 'Téléphone' : 'Visio';
}

const modeSentence = (a: CalendarAppointment) =>
	a.mode === 'in_person'
		? `Où : ${a.siteAddress ?? 'à la Mission Locale'}`
		: a.mode === 'phone'
			? 'Comment : par téléphone, ton conseiller ou ta conseillère t’appelle.'
			: 'Comment : en visio, depuis la page « Mes rendez-vous » de Tremplin (le bouton apparaît 15 minutes avant).';

/**
 * An iCalendar file (RFC 5545/5546) for the appointment: METHOD:REQUEST for an invitation,
 * METHOD:CANCEL (same UID, higher SEQUENCE) for a cancellation. Times are written in UTC.
 */
export function buildIcs(a: CalendarAppointment, method: 'REQUEST' | 'CANCEL', organizerEmail: string): string {
	const { error, value } = createEvent({
		productId: '-//Tremplin//Rendez-vous//FR',
		method,
		uid: calendarUid(a.id),
		sequence: a.sequence,
		start: a.startsAt.getTime(),
		startInputType: 'utc',
		startOutputType: 'utc',
		end: a.endsAt.getTime(),
		endInputType: 'utc',
		endOutputType: 'utc',
		title: `Rendez-vous avec ${a.counselorName} (${a.structureName})`,
		description: `${MODE_LABELS[a.mode]} — ${modeSentence(a)}`,
		location: calendarLocation(a),
		status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
		organizer: { name: a.structureName, email: organizerEmail },
		attendees: [{ name: a.youthFirstName, email: a.youthEmail, rsvp: false, partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' }]
	});
	if (error || !value) throw error ?? new Error('ics: empty calendar');
	return value;
}

function attachment(a: CalendarAppointment, method: 'REQUEST' | 'CANCEL', organizerEmail: string): MailAttachment {
	return {
		filename: method === 'CANCEL' ? 'rendez-vous-annule.ics' : 'rendez-vous.ics',
		content: buildIcs(a, method, organizerEmail),
		contentType: `text/calendar; charset=utf-8; method=${method}`
	};
}

const footer = '\n\nTu retrouves tous tes rendez-vous dans Tremplin, rubrique « Mes rendez-vous ».\nÀ bientôt !';

/** The e-mail confirming a booking (or a move), with the invitation. */
export function confirmationMail(a: CalendarAppointment, organizerEmail: string, moved = false): MailMessage {
	const when = dateTimeInWords(a.startsAt);
	return {
		to: a.youthEmail,
		subject: moved ? `Rendez-vous déplacé au ${when}` : `Rendez-vous confirmé le ${when}`,
		text: `Bonjour ${a.youthFirstName},\n\n${moved ? 'Ton rendez-vous a bien été déplacé.' : 'Ton rendez-vous est confirmé.'}\nQuand : ${when}\nAvec : ${a.counselorName} (${a.structureName})\n${modeSentence(a)}\n\nLe fichier joint ajoute le rendez-vous à ton agenda.${footer}`,
		attachments: [attachment(a, 'REQUEST', organizerEmail)]
	};
}

/** The reminder the day before, with the invitation again (a calendar that missed it gets it now). */
export function reminderMail(a: CalendarAppointment, organizerEmail: string): MailMessage {
	const when = dateTimeInWords(a.startsAt);
	return {
		to: a.youthEmail,
		subject: `Rappel : rendez-vous ${when}`,
		text: `Bonjour ${a.youthFirstName},\n\nPetit rappel : tu as rendez-vous ${when} avec ${a.counselorName} (${a.structureName}).\n${modeSentence(a)}\n\nSi tu ne peux pas venir, annule ou change de créneau dans Tremplin : quelqu’un d’autre pourra le prendre.${footer}`,
		attachments: [attachment(a, 'REQUEST', organizerEmail)]
	};
}

/** The e-mail of a cancellation (METHOD:CANCEL removes the event from the calendar). */
export function cancellationMail(a: CalendarAppointment, organizerEmail: string, reason: string | null): MailMessage {
	const when = dateTimeInWords(a.startsAt);
	return {
		to: a.youthEmail,
		subject: `Rendez-vous annulé : ${when}`,
		text: `Bonjour ${a.youthFirstName},\n\nLe rendez-vous du ${when} avec ${a.counselorName} est annulé.${reason ? `\nMotif : ${reason}` : ''}\n\nTu peux reprendre un rendez-vous quand tu veux dans Tremplin.${footer}`,
		attachments: [attachment(a, 'CANCEL', organizerEmail)]
	};
}

/** Where an appointment takes place, as said to the youth (" à <site>", " par téléphone", " en visio…"). */
function whereInWords(a: Pick<CalendarAppointment, 'mode' | 'siteAddress'>): string {
	return a.mode === 'in_person'
		? ` à ${a.siteAddress ?? 'la Mission Locale'}`
		: a.mode === 'phone'
			? ' par téléphone'
			: ' en visio (le bouton « Rejoindre la visio » apparaît 15 minutes avant dans « Mes rendez-vous »)';
}

/** The in-app reminder posted in the youth's conversation. */
export function reminderMessage(a: Pick<CalendarAppointment, 'startsAt' | 'mode' | 'counselorName' | 'siteAddress'>): string {
	return `Rappel : tu as rendez-vous ${dateTimeInWords(a.startsAt)} avec ${a.counselorName}${whereInWords(a)}. Si tu ne peux pas venir, annule ou change de créneau dans « Mes rendez-vous ».`;
}

/** Posted in the youth's conversation when the staff book an appointment for them. */
export function staffBookedMessage(a: Pick<CalendarAppointment, 'startsAt' | 'mode' | 'counselorName' | 'siteAddress'>): string {
	return `Ta Mission Locale t’a réservé un rendez-vous ${dateTimeInWords(a.startsAt)} avec ${a.counselorName}${whereInWords(a)}. Si tu ne peux pas venir, annule ou change de créneau dans « Mes rendez-vous ».`;
}

/** Posted in the youth's conversation when the staff cancel their appointment (the e-mail may not reach them). */
export function staffCancelledMessage(a: { startsAt: Date; reason: string | null }): string {
	return `Ta Mission Locale a annulé ton rendez-vous du ${dateTimeInWords(a.startsAt)}${a.reason ? ` (motif : ${a.reason})` : ''}. Tu peux en reprendre un dans « Mes rendez-vous ».`;
}

/** Posted in the youth's conversation when the staff move their appointment. */
export function staffMovedMessage(from: { startsAt: Date }, to: Pick<CalendarAppointment, 'startsAt' | 'mode' | 'counselorName' | 'siteAddress'>): string {
	return `Ta Mission Locale a déplacé ton rendez-vous du ${dateTimeInWords(from.startsAt)} : il a lieu ${dateTimeInWords(to.startsAt)} avec ${to.counselorName}${whereInWords(to)}. Si ce nouvel horaire ne te convient pas, change-le dans « Mes rendez-vous ».`;
}
