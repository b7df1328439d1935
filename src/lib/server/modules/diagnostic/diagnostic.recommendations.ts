import type { AreaCode } from './diagnostic.content';

export interface ModuleLink {
	slug: string;
	title: string;
}

export interface PublicResource {
	name: string;
	url: string;
	description: string;
}

/** Tremplin's own parcours (content/parcours, always published) that help in each area. */
export const MODULES_BY_AREA: Record<AreaCode, ModuleLink[]> = {
	information: [{ slug: 'lire-une-offre-d-emploi', title: 'Lire une offre d’emploi' }],
	communication: [
		{ slug: 'ecrire-un-mail-pro', title: 'Écrire un mail professionnel' },
		{ slug: 'e-reputation-reseaux-sociaux', title: 'Ton image sur les réseaux sociaux' }
	],
	creation: [{ slug: 'mes-experiences-sont-des-competences', title: 'Mes expériences sont des compétences' }],
	safety: [{ slug: 'securite-en-ligne', title: 'Te protéger des arnaques en ligne' }],
	problem_solving: [{ slug: 'demander-de-l-aide-et-mes-droits', title: 'Demander de l’aide et connaître mes droits au travail' }]
};

/** Free public resources, named as their owners name them. */
export const PUBLIC_RESOURCES: Record<'pix' | 'bonsClics' | 'passNumerique' | 'cybermalveillance', PublicResource> = {
	pix: {
		name: 'Pix',
		url: 'https://pix.fr',
		description: 'Le service public pour tester et faire certifier tes compétences numériques, gratuitement.'
	},
	bonsClics: {
		name: 'Les Bons Clics',
		url: 'https://www.lesbonsclics.fr',
		description: 'Des fiches et des exercices simples pour apprendre les bases, pas à pas.'
	},
	passNumerique: {
		name: 'Le Pass numérique',
		url: 'https://www.aptic.fr',
		description: 'Des chèques pour suivre gratuitement des ateliers avec un médiateur ou une médiatrice numérique près de chez toi.'
	},
	cybermalveillance: {
		name: 'Cybermalveillance.gouv.fr',
		url: 'https://www.cybermalveillance.gouv.fr',
		description: 'Pour reconnaître les arnaques, les signaler et savoir quoi faire si tu t’es fait avoir.'
	}
};
