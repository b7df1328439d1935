import { cvContent, type CvContent, type CvContentInput } from './cv.validation';

/** A CV of a youth with little formal experience (the common case), validated like real input. */
export function aCv(overrides: Partial<CvContentInput> = {}): CvContent {
	return cvContent.parse({
		contact: {
			firstName: 'Inès',
			lastName: 'Haddad',
			email: 'ines.haddad@example.fr',
			phone: '06 12 34 56 78',
			commune: 'Villeurbanne',
			links: [{ label: 'Mon portfolio', url: 'https://example.fr/ines' }]
		},
		title: 'Je cherche un poste d’employée polyvalente en restauration',
		summary: 'Souriante et ponctuelle, j’aime travailler en équipe. Disponible tout de suite, y compris le week-end.',
		experiences: [
			{
				kind: 'babysitting',
				title: 'Garde de mes petits frères',
				start: '2021-09',
				current: true,
				bullets: ['Organisation des repas et des devoirs de deux enfants', 'Trajets quotidiens vers l’école, à l’heure']
			},
			{
				kind: 'job',
				title: 'Serveuse (job d’été)',
				organisation: 'Café des Arts',
				place: 'Lyon',
				start: '2024-07',
				end: '2024-08',
				bullets: ['Service en salle et en terrasse', 'Encaissement']
			},
			{
				kind: 'volunteering',
				title: 'Distribution alimentaire',
				organisation: 'Restos du Cœur',
				start: '2023-01',
				end: '2023-06',
				bullets: ['Accueil des bénéficiaires et tri des denrées']
			}
		],
		trainings: [{ title: 'Bac pro Commerce', school: 'Lycée Frédéric Faÿs', place: 'Villeurbanne', year: '2024', status: 'obtained' }],
		skills: ['Encaissement', 'Hygiène alimentaire'],
		softSkills: ['Ponctualité', 'Travail en équipe'],
		languages: [
			{ name: 'Français', level: 'langue maternelle' },
			{ name: 'Anglais', level: 'intermédiaire' }
		],
		mobility: { licences: ['B'], vehicle: false, note: 'Transports en commun' },
		interests: ['Cuisine', 'Danse'],
		...overrides
	});
}

/** A CV far longer than two pages: every list at its limit, long lines everywhere. */
export function aLongCv(): CvContent {
	const sentence = 'Accueil des clients, conseil, mise en rayon, tenue de la caisse et rangement du magasin en fin de journée';
	return aCv({
		summary: `${sentence}. `.repeat(6).trim().slice(0, 700),
		experiences: Array.from({ length: 20 }, (_, i) => ({
			kind: 'job' as const,
			title: `Expérience numéro ${i + 1} : employé polyvalent`,
			organisation: `Entreprise ${i + 1}`,
			place: 'Lyon',
			start: '2020-01',
			end: '2021-06',
			bullets: Array.from({ length: 8 }, (_, j) => `${sentence} (${i + 1}.${j + 1})`)
		})),
		trainings: Array.from({ length: 12 }, (_, i) => ({ title: `Formation ${i + 1}`, school: 'Centre de formation', year: '2019' })),
		skills: Array.from({ length: 20 }, (_, i) => `Compétence ${i + 1}`),
		interests: Array.from({ length: 10 }, (_, i) => `Intérêt ${i + 1}`)
	});
}

/** A full CV that fills two pages with the `clair` template (the benchmark's document). */
export function aTwoPageCv(): CvContent {
	const jobs = [
		['Employé polyvalent', 'McDonald’s', 'Vénissieux'],
		['Préparateur de commandes (intérim)', 'Entrepôt Logistique Rhône', 'Corbas'],
		['Animateur périscolaire', 'Mairie de Villeurbanne', 'Villeurbanne'],
		['Vendeur (job d’été)', 'Décathlon', 'Bron'],
		['Agent d’entretien', 'Nettoyage Pro Services', 'Lyon'],
		['Livreur à vélo', 'Coopérative Les Coursiers', 'Lyon'],
		['Aide-cuisinier (stage)', 'Restaurant Le Bouchon', 'Lyon']
	];
	return aCv({
		experiences: [
			...jobs.map(([title, organisation, place], i) => ({
				kind: 'job' as const,
				title: title!,
				organisation,
				place,
				start: `202${i % 5}-0${(i % 9) + 1}`,
				end: `202${(i % 5) + 1}-0${(i % 9) + 1}`,
				bullets: [
					'Accueil des clients et prise de commande dans le respect des règles d’hygiène',
					'Travail en équipe sur des horaires décalés, y compris le week-end',
					'Rangement, nettoyage et préparation du poste pour l’équipe suivante',
					'Gestion des situations imprévues avec calme et politesse'
				]
			})),
			{
				kind: 'civic_service',
				title: 'Volontaire en service civique',
				organisation: 'Unis-Cité',
				place: 'Lyon',
				start: '2022-10',
				end: '2023-05',
				bullets: ['Animation d’ateliers numériques pour des personnes âgées', 'Accompagnement dans les démarches en ligne']
			}
		],
		trainings: [
			{ title: 'CAP Équipier polyvalent du commerce', school: 'Lycée Jean Moulin', place: 'Lyon', year: '2022', status: 'obtained' },
			{ title: 'PSC1 (premiers secours)', school: 'Croix-Rouge française', year: '2023', status: 'obtained' },
			{ title: 'Brevet des collèges', year: '2019', status: 'obtained' }
		],
		skills: ['Encaissement', 'Hygiène HACCP', 'Préparation de commandes', 'Accueil du public', 'Bureautique de base'],
		softSkills: ['Ponctualité', 'Travail en équipe', 'Calme', 'Politesse'],
		languages: [
			{ name: 'Français', level: 'langue maternelle' },
			{ name: 'Arabe', level: 'courant' },
			{ name: 'Anglais', level: 'intermédiaire' }
		]
	});
}
