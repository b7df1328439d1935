import { DomainError, registerMessages } from '$lib/server/platform/errors/errors';

registerMessages({
	'appointment.not_found': "Ce rendez-vous n'existe pas ou n'est plus disponible.",
	'appointment.slot_not_found': "Ce créneau n'existe pas ou n'est plus proposé.",
	'appointment.slot_taken': "Ce créneau vient d'être réservé par quelqu'un d'autre. Choisis-en un autre.",
	'appointment.slot_past': 'Ce créneau est déjà passé. Choisis-en un autre.',
	'appointment.slot_overlap': 'Ce créneau chevauche un autre créneau de votre agenda. Choisissez un autre horaire.',
	'appointment.slot_booked': 'Ce créneau est réservé : annulez d’abord le rendez-vous pour pouvoir le supprimer.',
	'appointment.youth_busy': 'Un autre rendez-vous est déjà prévu à ce moment-là.',
	'appointment.already_started': 'Ce rendez-vous a déjà commencé : il ne peut plus être annulé ni déplacé.',
	'appointment.cancelled': 'Ce rendez-vous est annulé.',
	'appointment.not_started': 'La présence se note une fois le rendez-vous commencé.',
	'appointment.id_reused': 'Cette demande a déjà servi pour un autre rendez-vous. Recharge la page et réessaie.',
	'appointment.too_many_slots': 'Trop de créneaux d’un coup : 60 au maximum. Réduisez la plage ou le nombre de semaines.',
	'appointment.no_slot_in_range': 'Cette plage horaire est trop courte pour un seul créneau.',
	'appointment.not_staff': 'Cette personne ne fait pas partie de l’équipe de votre Mission Locale.',
	'appointment.video_not_open': 'La visio s’ouvre 15 minutes avant le rendez-vous et se ferme à sa fin.',
	'appointment.structure_closed': 'Ta Mission Locale est fermée ce jour-là : choisis un autre jour.'
});

export const appointmentNotFound = () => new DomainError('appointment.not_found', 'not_found');
export const slotNotFound = () => new DomainError('appointment.slot_not_found', 'not_found');
export const slotTaken = () => new DomainError('appointment.slot_taken', 'conflict');
export const slotPast = () => new DomainError('appointment.slot_past', 'conflict');
export const slotOverlap = () => new DomainError('appointment.slot_overlap', 'conflict');
export const slotBooked = () => new DomainError('appointment.slot_booked', 'conflict');
export const youthBusy = () => new DomainError('appointment.youth_busy', 'conflict');
export const alreadyStarted = () => new DomainError('appointment.already_started', 'conflict');
export const appointmentCancelled = () => new DomainError('appointment.cancelled', 'conflict');
export const notStarted = () => new DomainError('appointment.not_started', 'conflict');
export const idReused = () => new DomainError('appointment.id_reused', 'conflict');
export const tooManySlots = () => new DomainError('appointment.too_many_slots', 'invalid');
export const noSlotInRange = () =>
	new DomainError('appointment.no_slot_in_range', 'invalid', { fields: { until: 'La fin doit laisser la place à au moins un créneau.' } });
export const notStaffOfStructure = () => new DomainError('appointment.not_staff', 'not_found');
export const videoNotOpen = () => new DomainError('appointment.video_not_open', 'conflict');
/** A youth booking on a day of an exceptional closure of their Mission Locale (its reason, if public). */
export const structureClosed = (reason: string | null) =>
	new DomainError('appointment.structure_closed', 'conflict', {
		message: reason ? `Ta Mission Locale est fermée ce jour-là (${reason}) : choisis un autre jour.` : undefined
	});
