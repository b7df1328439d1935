/**
 * Short situations from a youth's life, each with 3 or 4 reactions. A reaction reveals one or two
 * skills (ids of the referential); there is no wrong answer, and the skills are only suggested:
 * the youth picks what is true for them. A skill retired from the referential is no longer suggested.
 */
export interface Situation {
	id: string;
	text: string;
	reactions: { id: string; text: string; skills: string[] }[];
}

export const SITUATIONS: readonly Situation[] = [
	{
		id: 'foot',
		text: 'Dans ton équipe de foot, deux joueurs se disputent pendant l’entraînement. Le ton monte.',
		reactions: [
			{ id: 'a', text: 'Je vais les voir pour les calmer et je les écoute l’un après l’autre.', skills: ['mediation', 'ecoute'] },
			{ id: 'b', text: 'Je propose de reprendre le jeu pour penser à autre chose.', skills: ['leadership', 'initiative'] },
			{ id: 'c', text: 'Je préviens le coach, c’est son rôle.', skills: ['partage-info', 'respect'] },
			{ id: 'd', text: 'Je continue de m’entraîner, je reste concentré·e.', skills: ['stress', 'autonomie'] }
		]
	},
	{
		id: 'petit-frere',
		text: 'Ta mère travaille tard : tu dois récupérer ton petit frère à l’école et l’aider pour ses devoirs.',
		reactions: [
			{ id: 'a', text: 'Je m’organise pour être à l’heure devant l’école.', skills: ['ponctualite', 'responsabilite'] },
			{ id: 'b', text: 'Je lui réexplique calmement l’exercice qu’il ne comprend pas.', skills: ['patience', 'transmettre'] },
			{ id: 'c', text: 'Je fais une liste de ce qu’il reste à faire avant le dîner.', skills: ['priorites', 'gestion-temps'] }
		]
	},
	{
		id: 'rush',
		text: 'Ton premier samedi dans un fast-food : la file d’attente s’allonge et un client s’impatiente.',
		reactions: [
			{ id: 'a', text: 'Je respire, je souris et je sers les commandes une par une.', skills: ['stress', 'service'] },
			{ id: 'b', text: 'Je m’excuse auprès du client et je lui dis combien de temps il va attendre.', skills: ['expression', 'respect'] },
			{ id: 'c', text: 'Je demande à un collègue ce qui est le plus urgent.', skills: ['cooperation', 'priorites'] },
			{ id: 'd', text: 'Je vais chercher des gobelets en réserve avant qu’il n’y en ait plus.', skills: ['initiative', 'reactivite'] }
		]
	},
	{
		id: 'erreur',
		text: 'Tu as rendu un travail et ton tuteur de stage te dit qu’il y a plusieurs erreurs.',
		reactions: [
			{ id: 'a', text: 'Je lui demande de me montrer pour ne pas refaire les mêmes.', skills: ['recul', 'apprendre'] },
			{ id: 'b', text: 'Je reconnais mes erreurs et je corrige tout de suite.', skills: ['honnetete', 'responsabilite'] },
			{ id: 'c', text: 'La prochaine fois, je vérifie deux fois avant de rendre.', skills: ['rigueur'] }
		]
	},
	{
		id: 'projet-groupe',
		text: 'Au lycée ou en formation, vous devez préparer un exposé à quatre, mais personne ne commence.',
		reactions: [
			{ id: 'a', text: 'Je propose de répartir les parties et de fixer une date.', skills: ['leadership', 'gestion-temps'] },
			{ id: 'b', text: 'Je commence ma partie et je la partage avec le groupe.', skills: ['autonomie', 'partage-info'] },
			{ id: 'c', text: 'Je cherche une idée originale pour rendre l’exposé vivant.', skills: ['creativite', 'curiosite'] },
			{ id: 'd', text: 'Je me propose pour présenter devant la classe.', skills: ['confiance', 'expression'] }
		]
	},
	{
		id: 'demenagement',
		text: 'Tu arrives dans une nouvelle ville où tu ne connais personne.',
		reactions: [
			{ id: 'a', text: 'Je m’inscris dans un club ou une association pour rencontrer du monde.', skills: ['adaptabilite', 'initiative'] },
			{ id: 'b', text: 'Je me renseigne sur les transports, la Mission Locale, les bons plans.', skills: ['debrouillardise', 'curiosite'] },
			{ id: 'c', text: 'Je prends le temps, je garde le contact avec mes proches.', skills: ['stress', 'perseverance'] }
		]
	},
	{
		id: 'voisine',
		text: 'Ta voisine âgée a du mal à porter ses courses et semble fatiguée ces derniers temps.',
		reactions: [
			{ id: 'a', text: 'Je lui propose de monter ses courses.', skills: ['entraide', 'empathie'] },
			{ id: 'b', text: 'Je prends de ses nouvelles de temps en temps, à jour fixe.', skills: ['fiabilite', 'empathie'] },
			{ id: 'c', text: 'Je préviens sa famille ou le gardien si ça ne va pas.', skills: ['responsabilite', 'partage-info'] }
		]
	},
	{
		id: 'panne',
		text: 'Le jour d’un rendez-vous important, ton bus ne passe pas.',
		reactions: [
			{ id: 'a', text: 'Je préviens tout de suite la personne que je vais être en retard.', skills: ['fiabilite', 'expression'] },
			{ id: 'b', text: 'Je cherche un autre trajet sur mon téléphone.', skills: ['debrouillardise', 'reactivite'] },
			{ id: 'c', text: 'La prochaine fois, je pars plus tôt pour avoir de la marge.', skills: ['ponctualite', 'gestion-temps'] }
		]
	},
	{
		id: 'nouvel-outil',
		text: 'Au travail, on te demande d’utiliser une application que tu ne connais pas.',
		reactions: [
			{ id: 'a', text: 'Je regarde un tutoriel et j’essaie par moi-même.', skills: ['apprendre', 'autonomie'] },
			{ id: 'b', text: 'Je demande à un collègue de me montrer.', skills: ['entraide', 'ecoute'] },
			{ id: 'c', text: 'Je suis motivé·e : c’est l’occasion d’apprendre quelque chose.', skills: ['motivation', 'adaptabilite'] }
		]
	},
	{
		id: 'argent',
		text: 'En rangeant le vestiaire du club, tu trouves un portefeuille avec de l’argent dedans.',
		reactions: [
			{ id: 'a', text: 'Je le rapporte au responsable du club sans rien toucher.', skills: ['honnetete', 'respect'] },
			{ id: 'b', text: 'Je cherche à qui il appartient pour le lui rendre moi-même.', skills: ['honnetete', 'initiative'] },
			{ id: 'c', text: 'Je mets un message sur le groupe du club pour prévenir tout le monde.', skills: ['partage-info', 'debrouillardise'] }
		]
	}
];
