import { z } from 'zod';

/** Roles a professional can be invited to (mentors and company contacts join through their company, later). */
export const INVITABLE_ROLES = ['counselor', 'structure_manager', 'network_referent', 'platform_admin'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const ROLE_LABELS: Record<InvitableRole, string> = {
	counselor: 'conseiller ou conseillère',
	structure_manager: 'responsable de la Mission Locale',
	network_referent: 'référent ou référente du réseau',
	platform_admin: 'administrateur ou administratrice de la plateforme'
};

const name = (what: string) =>
	z
		.string({ message: `Indiquez le ${what}.` })
		.trim()
		.min(1, { message: `Indiquez le ${what}.` })
		.max(80, { message: `Le ${what} ne doit pas dépasser 80 caractères.` });

export const invitationInput = z.object({
	email: z
		.string({ message: "Indiquez l'adresse e-mail." })
		.trim()
		.toLowerCase()
		.pipe(z.email({ message: 'Indiquez une adresse e-mail valide, par exemple prenom.nom@ml-exemple.fr.' }))
		.refine((v) => v.length <= 254, { message: "L'adresse e-mail est trop longue." }),
	firstName: name('prénom'),
	lastName: z
		.string()
		.trim()
		.max(80, { message: 'Le nom ne doit pas dépasser 80 caractères.' })
		.optional()
		.transform((v) => v ?? ''),
	role: z.enum(INVITABLE_ROLES, { message: 'Choisissez un rôle.' }),
	structureId: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : null)),
	siteId: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : null)),
	networkId: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : null)),
	/** Origin of the request, for the link in the e-mail when ORIGIN is not configured. */
	origin: z.string().optional()
});
export type InvitationInput = z.input<typeof invitationInput>;

export const acceptInvitationInput = z.object({
	firstName: name('prénom'),
	lastName: name('nom'),
	password: z.string({ message: 'Choisissez un mot de passe.' }).min(1, { message: 'Choisissez un mot de passe.' }),
	confirmation: z.string().optional()
});
export type AcceptInvitationInput = z.input<typeof acceptInvitationInput>;
