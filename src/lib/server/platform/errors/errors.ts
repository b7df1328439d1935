/**
 * Domain errors. A use case throws `new DomainError('accounts.email_taken', 'conflict')`; the
 * route turns it into `fail(status, { code, message })` with the French message from the catalogue.
 */
export type ErrorKind =
	| 'invalid'
	| 'unauthenticated'
	| 'forbidden'
	| 'not_found'
	| 'conflict'
	| 'rate_limited'
	| 'expired'
	| 'too_large';

export const HTTP_STATUS: Record<ErrorKind, number> = {
	invalid: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	expired: 410,
	too_large: 413,
	rate_limited: 429
};

/** Messages shown to people, by code. Modules add theirs with `registerMessages`. */
const messages = new Map<string, string>([
	['access.forbidden', "Vous n'avez pas accès à cette ressource."],
	['access.unauthenticated', 'Connectez-vous pour continuer.'],
	['validation.invalid', 'Certaines informations ne sont pas valides. Vérifiez les champs signalés.'],
	['rate_limited', 'Trop de tentatives. Attendez un moment avant de réessayer.'],
	['request.too_large', 'L’envoi est trop lourd : rien n’a été enregistré.']
]);

const fallbackByKind: Record<ErrorKind, string> = {
	invalid: 'Certaines informations ne sont pas valides.',
	unauthenticated: 'Connectez-vous pour continuer.',
	forbidden: "Vous n'avez pas accès à cette ressource.",
	not_found: "Cette ressource n'existe pas ou n'est plus disponible.",
	conflict: 'Cette action entre en conflit avec une donnée existante.',
	expired: 'Ce lien ou ce code a expiré.',
	too_large: 'L’envoi est trop lourd : rien n’a été enregistré.',
	rate_limited: 'Trop de tentatives. Attendez un moment avant de réessayer.'
};

export function registerMessages(entries: Record<string, string>): void {
	for (const [code, message] of Object.entries(entries)) messages.set(code, message);
}

export function messageFor(code: string, kind: ErrorKind): string {
	return messages.get(code) ?? fallbackByKind[kind];
}

export class DomainError extends Error {
	readonly code: string;
	readonly kind: ErrorKind;
	/** Field-level messages (field name → French message), for forms. */
	readonly fields: Record<string, string>;
	/** For rate_limited: seconds to wait. */
	readonly retryAfterSeconds?: number;

	constructor(
		code: string,
		kind: ErrorKind,
		options: { fields?: Record<string, string>; retryAfterSeconds?: number; message?: string } = {}
	) {
		super(options.message ?? messageFor(code, kind));
		this.name = 'DomainError';
		this.code = code;
		this.kind = kind;
		this.fields = options.fields ?? {};
		this.retryAfterSeconds = options.retryAfterSeconds;
	}

	get status(): number {
		return HTTP_STATUS[this.kind];
	}
}

export const forbidden = (code = 'access.forbidden') => new DomainError(code, 'forbidden');
export const notFound = (code: string) => new DomainError(code, 'not_found');

export function isDomainError(e: unknown): e is DomainError {
	return e instanceof DomainError;
}
