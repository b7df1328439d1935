import { DomainError, registerMessages } from '../../platform/errors/errors';

registerMessages({
	'structures.structure_not_found': "Cette Mission Locale n'existe pas ou n'est pas dans votre périmètre.",
	'structures.site_not_found': "Ce site n'existe pas ou n'est pas dans votre périmètre.",
	'structures.site_already_archived': 'Ce site est déjà fermé.',
	'structures.import_empty': 'Le fichier est vide. Ajoutez une ligne par commune : code_insee;mission_locale_id.',
	'structures.import_too_large': 'Le fichier est trop gros : 2 Mo et 50 000 lignes au plus.',
	'structures.closure_not_found': "Cette fermeture n'existe pas ou a déjà été supprimée.",
	'structures.closure_overlaps': 'Une fermeture est déjà prévue sur une partie de ces dates.',
	'structures.closure_in_the_past': 'Ces dates sont déjà passées.',
	'structures.closure_too_far': 'Choisissez une date dans les deux ans qui viennent.',
	'structures.too_many_closures': 'Il y a déjà trop de fermetures à venir. Supprimez-en une avant d’en ajouter une autre.',
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
export const closureNotFound = () => new DomainError('structures.closure_not_found', 'not_found');
/** `existing`: the dates of the closure in the way, in words ("du 3 au 21 août 2026"). */
export const closureOverlaps = (existing: string) =>
	new DomainError('structures.closure_overlaps', 'conflict', {
		fields: { startsOn: `Une fermeture est déjà prévue ${existing}. Supprimez-la d’abord ou choisissez d’autres dates.` }
	});
export const closureInThePast = () =>
	new DomainError('structures.closure_in_the_past', 'invalid', { fields: { endsOn: 'Ces dates sont déjà passées.' } });
export const closureTooFar = () =>
	new DomainError('structures.closure_too_far', 'invalid', { fields: { startsOn: 'Choisissez une date dans les deux ans qui viennent.' } });
export const tooManyClosures = (max: number) =>
	new DomainError('structures.too_many_closures', 'conflict', {
		message: `Il y a déjà ${max} fermetures à venir. Supprimez-en une avant d’en ajouter une autre.`
	});
