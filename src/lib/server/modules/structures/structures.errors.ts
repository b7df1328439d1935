import { DomainError, registerMessages } from '../../platform/errors/errors';

registerMessages({
	'structures.structure_not_found': "Cette Mission Locale n'existe pas ou n'est pas dans votre périmètre.",
	'structures.site_not_found': "Ce site n'existe pas ou n'est pas dans votre périmètre.",
	'structures.site_already_archived': 'Ce site est déjà fermé.',
	'structures.import_empty': 'Le fichier est vide. Ajoutez une ligne par commune : code_insee;mission_locale_id.',
	'structures.import_too_large': 'Le fichier est trop gros : 2 Mo et 50 000 lignes au plus.',
	'structures.import_unreadable': "Le fichier n'est pas un texte lisible. Enregistrez-le au format CSV (UTF-8)."
});

export const structureNotFound = () => new DomainError('structures.structure_not_found', 'not_found');
export const siteNotFound = () => new DomainError('structures.site_not_found', 'not_found');
export const siteAlreadyArchived = () => new DomainError('structures.site_already_archived', 'conflict');
export const importEmpty = () =>
	new DomainError('structures.import_empty', 'invalid', {
		fields: { csv: 'Le fichier est vide. Ajoutez une ligne par commune : code_insee;mission_locale_id.' }
	});
export const importTooLarge = () =>
	new DomainError('structures.import_too_large', 'invalid', {
		fields: { csv: 'Le fichier est trop gros : 2 Mo et 50 000 lignes au plus.' }
	});
export const importUnreadable = () =>
	new DomainError('structures.import_unreadable', 'invalid', {
		fields: { csv: "Le fichier n'est pas un texte lisible. Enregistrez-le au format CSV (UTF-8)." }
	});
