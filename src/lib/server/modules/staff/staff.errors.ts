import { DomainError, registerMessages } from '../../platform/errors/errors';

registerMessages({
	'staff.email_taken': 'Un compte Tremplin existe déjà avec cette adresse e-mail.',
	'staff.already_invited': 'Une invitation est déjà en attente pour cette adresse e-mail. Annulez-la pour en envoyer une nouvelle.',
	'staff.role_not_allowed': "Vous ne pouvez pas inviter quelqu'un avec ce rôle.",
	'staff.site_not_in_structure': "Ce site n'appartient pas à cette Mission Locale.",
	'staff.invitation_not_found': "Ce lien d'invitation n'existe pas. Vérifiez qu'il est complet, ou demandez une nouvelle invitation.",
	'staff.invitation_expired': "Ce lien d'invitation a expiré (il est valable 7 jours). Demandez une nouvelle invitation à la personne qui vous a invité.",
	'staff.invitation_used': 'Cette invitation a déjà servi. Connectez-vous avec votre adresse e-mail et votre mot de passe.',
	'staff.invitation_revoked': "Cette invitation a été annulée. Contactez la personne qui vous a invité.",
	'staff.invitation_not_pending': "Cette invitation n'est plus en attente."
});

export const emailTaken = () =>
	new DomainError('staff.email_taken', 'conflict', {
		fields: { email: 'Un compte Tremplin existe déjà avec cette adresse e-mail.' }
	});
export const alreadyInvited = () =>
	new DomainError('staff.already_invited', 'conflict', {
		fields: { email: 'Une invitation est déjà en attente pour cette adresse.' }
	});
export const roleNotAllowed = () =>
	new DomainError('staff.role_not_allowed', 'forbidden', { fields: { role: "Vous ne pouvez pas inviter quelqu'un avec ce rôle." } });
export const siteNotInStructure = () =>
	new DomainError('staff.site_not_in_structure', 'invalid', { fields: { siteId: "Ce site n'appartient pas à cette Mission Locale." } });
export const invitationNotFound = () => new DomainError('staff.invitation_not_found', 'not_found');
export const invitationExpired = () => new DomainError('staff.invitation_expired', 'expired');
export const invitationUsed = () => new DomainError('staff.invitation_used', 'expired');
export const invitationRevoked = () => new DomainError('staff.invitation_revoked', 'expired');
export const invitationNotPending = () => new DomainError('staff.invitation_not_pending', 'conflict');
export const structureNotFoundForStaff = () => new DomainError('structures.structure_not_found', 'not_found');
