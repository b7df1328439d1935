import type { OpeningHours } from '../modules/structures';

/**
 * Demo content: the 12 Missions Locales of the Rhône (names from the UNML article in the project
 * seeds), one in Pays de la Loire and one in Nouvelle-Aquitaine. Street addresses are plausible but
 * invented; phone numbers are in the ranges ARCEP reserves for fiction (04 65 71…, 02 61 91…,
 * 05 36 49…, 06 39 98…), so they ring nobody. Communes are given by name and resolved to their
 * INSEE code from the official data at seed time (a test checks every name resolves).
 */

export interface DemoSite {
	key: string;
	name: string;
	address: string;
	postalCode: string;
	commune: string;
	phone: string;
	hours: OpeningHours;
}

export interface DemoStructure {
	slug: string;
	name: string;
	department: string;
	phone: string;
	email: string;
	website: string | null;
	sites: DemoSite[];
	communes: string[];
}

export interface DemoNetwork {
	slug: string;
	name: string;
	kind: 'departmental' | 'regional';
	regionCode: string;
	departmentCode: string | null;
	structures: DemoStructure[];
}

const week = (ranges: [string, string][], days = [1, 2, 3, 4, 5]): OpeningHours =>
	days.flatMap((day) => ranges.map(([opens, closes]) => ({ day, opens, closes })));

/** Mon–Fri 9:00–12:30 and 13:30–17:00. */
const STANDARD = week([
	['09:00', '12:30'],
	['13:30', '17:00']
]);
/** Same, but closed on Thursday morning (team meeting) and an earlier close on Friday. */
const TEAM_MEETING: OpeningHours = [
	...week(
		[
			['09:00', '12:30'],
			['13:30', '17:30']
		],
		[1, 2, 3]
	),
	{ day: 4, opens: '13:30', closes: '17:30' },
	{ day: 5, opens: '09:00', closes: '12:30' },
	{ day: 5, opens: '13:30', closes: '16:30' }
];
/** A small antenna open three days a week. */
const ANTENNA = week(
	[
		['09:00', '12:00'],
		['14:00', '17:00']
	],
	[1, 3, 5]
);
/** Continuous opening, Mon–Fri 8:45–17:15. */
const CONTINUOUS = week([['08:45', '17:15']]);

export const DEMO_NETWORKS: DemoNetwork[] = [
	{
		slug: 'missions-locales-du-rhone',
		name: 'Missions Locales du Rhône',
		kind: 'departmental',
		regionCode: '84',
		departmentCode: '69',
		structures: [
			{
				slug: 'ml-bron-decines-meyzieu',
				name: 'Mission Locale de Bron-Décines-Meyzieu',
				department: '69',
				phone: '04 65 71 10 01',
				email: 'contact@ml-bdm.tremplin.test',
				website: null,
				sites: [
					{ key: 'bron', name: 'Accueil de Bron', address: '12 avenue Franklin Roosevelt', postalCode: '69500', commune: 'Bron', phone: '04 65 71 10 01', hours: STANDARD },
					{ key: 'decines', name: 'Antenne de Décines', address: '8 rue Émile Zola', postalCode: '69150', commune: 'Décines-Charpieu', phone: '04 65 71 10 02', hours: ANTENNA },
					{ key: 'meyzieu', name: 'Antenne de Meyzieu', address: '25 rue de la République', postalCode: '69330', commune: 'Meyzieu', phone: '04 65 71 10 03', hours: ANTENNA }
				],
				communes: ['Bron', 'Décines-Charpieu', 'Meyzieu', 'Chassieu', 'Genas', 'Jonage', 'Pusignan', 'Saint-Bonnet-de-Mure', 'Saint-Laurent-de-Mure', 'Colombier-Saugnieu', 'Jons']
			},
			{
				slug: 'ml-rhone-sud',
				name: 'Mission Locale Rhône Sud',
				department: '69',
				phone: '04 65 71 11 01',
				email: 'contact@ml-rhonesud.tremplin.test',
				website: null,
				sites: [
					{ key: 'givors', name: 'Accueil de Givors', address: '4 place Jean Jaurès', postalCode: '69700', commune: 'Givors', phone: '04 65 71 11 01', hours: TEAM_MEETING },
					{ key: 'mornant', name: 'Antenne de Mornant', address: '10 rue Boiron', postalCode: '69440', commune: 'Mornant', phone: '04 65 71 11 02', hours: ANTENNA }
				],
				communes: ['Givors', 'Grigny-sur-Rhône', 'Mornant', 'Millery', 'Montagny', 'Loire-sur-Rhône', 'Échalas', 'Saint-Romain-en-Gal', 'Condrieu', 'Ampuis', 'Sainte-Colombe', 'Chabanière']
			},
			{
				slug: 'ml-lyon',
				name: 'Mission Locale de Lyon',
				department: '69',
				phone: '04 65 71 12 00',
				email: 'contact@ml-lyon.tremplin.test',
				website: null,
				sites: [
					{ key: 'lyon-7', name: 'Site de Lyon 7e – Guillotière', address: '24 rue de Marseille', postalCode: '69007', commune: 'Lyon', phone: '04 65 71 12 01', hours: STANDARD },
					{ key: 'lyon-8', name: 'Site de Lyon 8e – États-Unis', address: '40 boulevard des États-Unis', postalCode: '69008', commune: 'Lyon', phone: '04 65 71 12 02', hours: TEAM_MEETING },
					{ key: 'lyon-9', name: 'Site de Lyon 9e – Vaise', address: '15 rue du Chapeau Rouge', postalCode: '69009', commune: 'Lyon', phone: '04 65 71 12 03', hours: STANDARD }
				],
				communes: ['Lyon']
			},
			{
				slug: 'ml-monts-dor-monts-du-lyonnais',
				name: "Mission Locale des Monts d'Or et Monts du Lyonnais",
				department: '69',
				phone: '04 65 71 13 01',
				email: 'contact@ml-montsdor.tremplin.test',
				website: null,
				sites: [
					{ key: 'tassin', name: 'Accueil de Tassin-la-Demi-Lune', address: '6 avenue de la République', postalCode: '69160', commune: 'Tassin-la-Demi-Lune', phone: '04 65 71 13 01', hours: STANDARD },
					{ key: 'st-symphorien', name: 'Antenne de Saint-Symphorien-sur-Coise', address: '3 place du Marché', postalCode: '69590', commune: 'Saint-Symphorien-sur-Coise', phone: '04 65 71 13 02', hours: ANTENNA }
				],
				communes: ['Tassin-la-Demi-Lune', 'Écully', "Champagne-au-Mont-d'Or", 'Dardilly', 'Limonest', 'Charbonnières-les-Bains', "Marcy-l'Étoile", 'Craponne', 'Saint-Genis-les-Ollières', 'Vaugneray', 'Grézieu-la-Varenne', 'Brindas', 'Pollionnay', "Collonges-au-Mont-d'Or", "Saint-Cyr-au-Mont-d'Or", "Saint-Didier-au-Mont-d'Or", 'Saint-Symphorien-sur-Coise', 'Saint-Laurent-de-Chamousset', "Sainte-Foy-l'Argentière"]
			},
			{
				slug: 'ml-nord-ouest-rhone',
				name: 'Mission Locale Nord-Ouest Rhône',
				department: '69',
				phone: '04 65 71 14 01',
				email: 'contact@ml-nordouest.tremplin.test',
				website: null,
				sites: [
					{ key: 'tarare', name: 'Accueil de Tarare', address: '17 rue Anna Biolay', postalCode: '69170', commune: 'Tarare', phone: '04 65 71 14 01', hours: STANDARD },
					{ key: 'arbresle', name: "Antenne de L'Arbresle", address: '2 place Sapéon', postalCode: '69210', commune: "L'Arbresle", phone: '04 65 71 14 02', hours: ANTENNA }
				],
				communes: ['Tarare', "L'Arbresle", 'Amplepuis', 'Thizy-les-Bourgs', 'Cours', 'Sain-Bel', 'Lozanne', 'Saint-Romain-de-Popey', 'Vindry-sur-Turdine', 'Bully', "Fleurieux-sur-l'Arbresle"]
			},
			{
				slug: 'ml-plateau-nord-val-de-saone',
				name: 'Mission Locale Plateau Nord Val de Saône',
				department: '69',
				phone: '04 65 71 15 01',
				email: 'contact@ml-plateaunord.tremplin.test',
				website: null,
				sites: [
					{ key: 'rillieux', name: 'Accueil de Rillieux-la-Pape', address: '5 avenue de l’Europe', postalCode: '69140', commune: 'Rillieux-la-Pape', phone: '04 65 71 15 01', hours: STANDARD },
					{ key: 'caluire', name: 'Antenne de Caluire-et-Cuire', address: '30 avenue Général de Gaulle', postalCode: '69300', commune: 'Caluire-et-Cuire', phone: '04 65 71 15 02', hours: ANTENNA },
					{ key: 'neuville', name: 'Antenne de Neuville-sur-Saône', address: '9 quai Pasteur', postalCode: '69250', commune: 'Neuville-sur-Saône', phone: '04 65 71 15 03', hours: ANTENNA }
				],
				communes: ['Rillieux-la-Pape', 'Caluire-et-Cuire', 'Sathonay-Camp', 'Sathonay-Village', 'Fontaines-sur-Saône', 'Neuville-sur-Saône', 'Genay', 'Montanay', 'Fontaines-Saint-Martin', 'Cailloux-sur-Fontaines', 'Fleurieu-sur-Saône', 'Rochetaillée-sur-Saône', 'Albigny-sur-Saône', "Couzon-au-Mont-d'Or", "Curis-au-Mont-d'Or", "Saint-Germain-au-Mont-d'Or", 'Quincieux']
			},
			{
				slug: 'ml-rhone-sud-est',
				name: 'Mission Locale Rhône Sud Est',
				department: '69',
				phone: '04 65 71 16 01',
				email: 'contact@ml-rhonesudest.tremplin.test',
				website: null,
				sites: [
					{ key: 'saint-priest', name: 'Accueil de Saint-Priest', address: '14 rue Henri Maréchal', postalCode: '69800', commune: 'Saint-Priest', phone: '04 65 71 16 01', hours: STANDARD },
					{ key: 'saint-fons', name: 'Antenne de Saint-Fons', address: '7 rue Carnot', postalCode: '69190', commune: 'Saint-Fons', phone: '04 65 71 16 02', hours: TEAM_MEETING }
				],
				communes: ['Saint-Priest', 'Saint-Fons', 'Feyzin', 'Corbas', 'Mions', 'Solaize', 'Sérézin-du-Rhône', 'Ternay', 'Communay', 'Simandres', "Saint-Symphorien-d'Ozon", 'Marennes', 'Chaponnay', 'Toussieu', 'Saint-Pierre-de-Chandieu']
			},
			{
				slug: 'ml-sud-ouest-lyonnais',
				name: 'Mission Locale Sud-Ouest Lyonnais',
				department: '69',
				phone: '04 65 71 17 01',
				email: 'contact@ml-sudouest.tremplin.test',
				website: null,
				sites: [
					{ key: 'oullins', name: 'Accueil d’Oullins', address: '21 Grande Rue', postalCode: '69600', commune: 'Oullins-Pierre-Bénite', phone: '04 65 71 17 01', hours: STANDARD },
					{ key: 'brignais', name: 'Antenne de Brignais', address: '11 rue du Général de Gaulle', postalCode: '69530', commune: 'Brignais', phone: '04 65 71 17 02', hours: ANTENNA }
				],
				communes: ['Oullins-Pierre-Bénite', 'Brignais', 'Saint-Genis-Laval', 'Irigny', 'Vourles', 'Chaponost', 'Charly', 'Vernaison', 'Sainte-Foy-lès-Lyon', 'La Mulatière', 'Francheville']
			},
			{
				slug: 'ml-vaulx-en-velin',
				name: 'Mission Locale de Vaulx-en-Velin',
				department: '69',
				phone: '04 65 71 18 01',
				email: 'contact@ml-vaulx.tremplin.test',
				website: null,
				sites: [
					{ key: 'vaulx', name: 'Accueil de Vaulx-en-Velin', address: '3 avenue Georges Rougé', postalCode: '69120', commune: 'Vaulx-en-Velin', phone: '04 65 71 18 01', hours: CONTINUOUS }
				],
				communes: ['Vaulx-en-Velin']
			},
			{
				slug: 'ml-venissieux',
				name: 'Mission Locale de Vénissieux',
				department: '69',
				phone: '04 65 71 19 01',
				email: 'contact@ml-venissieux.tremplin.test',
				website: null,
				sites: [
					{ key: 'venissieux', name: 'Accueil de Vénissieux', address: '19 avenue Jean Cagne', postalCode: '69200', commune: 'Vénissieux', phone: '04 65 71 19 01', hours: STANDARD },
					{ key: 'minguettes', name: 'Antenne des Minguettes', address: '2 place du Marché', postalCode: '69200', commune: 'Vénissieux', phone: '04 65 71 19 02', hours: ANTENNA }
				],
				communes: ['Vénissieux']
			},
			{
				slug: 'ml-villefranche-beaujolais',
				name: 'Mission Locale de Villefranche et du Beaujolais',
				department: '69',
				phone: '04 65 71 20 01',
				email: 'contact@ml-villefranche.tremplin.test',
				website: null,
				sites: [
					{ key: 'villefranche', name: 'Accueil de Villefranche-sur-Saône', address: '96 rue Nationale', postalCode: '69400', commune: 'Villefranche-sur-Saône', phone: '04 65 71 20 01', hours: STANDARD },
					{ key: 'belleville', name: 'Antenne de Belleville-en-Beaujolais', address: '4 rue de la République', postalCode: '69220', commune: 'Belleville-en-Beaujolais', phone: '04 65 71 20 02', hours: ANTENNA },
					{ key: 'beaujeu', name: 'Permanence de Beaujeu', address: '1 place de l’Hôtel de Ville', postalCode: '69430', commune: 'Beaujeu', phone: '04 65 71 20 03', hours: [{ day: 2, opens: '09:00', closes: '12:00' }] }
				],
				communes: ['Villefranche-sur-Saône', 'Gleizé', 'Limas', 'Arnas', 'Anse', 'Belleville-en-Beaujolais', 'Beaujeu', 'Saint-Georges-de-Reneins', 'Lacenas', 'Denicé', 'Villié-Morgon', 'Theizé', 'Pommiers', 'Porte des Pierres Dorées', "Val d'Oingt", 'Lamure-sur-Azergues', 'Chamelet']
			},
			{
				slug: 'ml-villeurbanne',
				name: 'Mission Locale de Villeurbanne',
				department: '69',
				phone: '04 65 71 21 00',
				email: 'contact@ml-villeurbanne.tremplin.test',
				website: null,
				sites: [
					{ key: 'villeurbanne-centre', name: 'Site de Villeurbanne centre', address: '32 cours Émile Zola', postalCode: '69100', commune: 'Villeurbanne', phone: '04 65 71 21 01', hours: STANDARD },
					{ key: 'villeurbanne-buers', name: 'Antenne des Buers', address: '10 rue Pierre Baratin', postalCode: '69100', commune: 'Villeurbanne', phone: '04 65 71 21 02', hours: ANTENNA }
				],
				communes: ['Villeurbanne']
			}
		]
	},
	{
		slug: 'union-regionale-pays-de-la-loire',
		name: 'Union régionale des Missions Locales des Pays de la Loire',
		kind: 'regional',
		regionCode: '52',
		departmentCode: null,
		structures: [
			{
				slug: 'ml-sarthe-nord',
				name: 'Mission Locale Sarthe Nord',
				department: '72',
				phone: '02 61 91 30 01',
				email: 'contact@ml-sarthenord.tremplin.test',
				website: null,
				sites: [
					{ key: 'mamers', name: 'Accueil de Mamers', address: '5 place Carnot', postalCode: '72600', commune: 'Mamers', phone: '02 61 91 30 01', hours: STANDARD },
					{ key: 'ferte-bernard', name: 'Antenne de La Ferté-Bernard', address: '12 rue Carnot', postalCode: '72400', commune: 'La Ferté-Bernard', phone: '02 61 91 30 02', hours: ANTENNA }
				],
				communes: ['Mamers', 'La Ferté-Bernard', 'Bonnétable', 'Marolles-les-Braults', 'Fresnay-sur-Sarthe', 'Beaumont-sur-Sarthe', 'Saint-Cosme-en-Vairais', 'Vibraye', 'Montmirail', 'Saint-Paterne - Le Chevain', 'Courgains', 'Tuffé Val de la Chéronne']
			}
		]
	},
	{
		slug: 'arml-nouvelle-aquitaine',
		name: 'ARML Nouvelle-Aquitaine',
		kind: 'regional',
		regionCode: '75',
		departmentCode: null,
		structures: [
			{
				slug: 'ml-bordeaux',
				name: 'Mission Locale de Bordeaux',
				department: '33',
				phone: '05 36 49 40 01',
				email: 'contact@ml-bordeaux.tremplin.test',
				website: null,
				sites: [
					{ key: 'bordeaux-centre', name: 'Site de Bordeaux centre', address: '45 cours de l’Argonne', postalCode: '33000', commune: 'Bordeaux', phone: '05 36 49 40 01', hours: STANDARD },
					{ key: 'bordeaux-bastide', name: 'Site de la Bastide', address: '8 avenue Thiers', postalCode: '33100', commune: 'Bordeaux', phone: '05 36 49 40 02', hours: TEAM_MEETING }
				],
				communes: ['Bordeaux']
			}
		]
	}
];

export const DEMO_COMPANIES = [
	{ key: 'company-1', name: 'Atelier Numérique des Pentes (entreprise fictive)' },
	{ key: 'company-2', name: 'Boulangeries du Confluent (entreprise fictive)' }
];

/** Youth of the demo. `email`/`phone` may be absent: half of the youth in insertion have no e-mail. */
export interface DemoYouth {
	key: string;
	firstName: string;
	lastName: string;
	email?: string;
	phone?: string;
	birthDate: string;
	commune: string;
	/** Days since the last activity; null = never active in Tremplin yet. */
	lastActivityDaysAgo: number | null;
}

export const LYON_YOUTH: DemoYouth[] = [
	{ key: 'lyon-1', firstName: 'Inès', lastName: 'Benali', phone: '06 39 98 01 01', birthDate: '2006-03-14', commune: 'Lyon', lastActivityDaysAgo: 0 },
	{ key: 'lyon-2', firstName: 'Lucas', lastName: 'Martin', email: 'lucas.martin@exemple.test', birthDate: '2004-11-02', commune: 'Lyon', lastActivityDaysAgo: 1 },
	{ key: 'lyon-3', firstName: 'Aminata', lastName: 'Diallo', phone: '06 39 98 01 03', birthDate: '2005-07-21', commune: 'Lyon', lastActivityDaysAgo: 3 },
	{ key: 'lyon-4', firstName: 'Thomas', lastName: 'Nguyen', email: 'thomas.nguyen@exemple.test', phone: '06 39 98 01 04', birthDate: '2003-01-30', commune: 'Lyon', lastActivityDaysAgo: 6 },
	{ key: 'lyon-5', firstName: 'Yasmine', lastName: 'Haddad', birthDate: '2007-05-09', commune: 'Lyon', lastActivityDaysAgo: 10 },
	{ key: 'lyon-6', firstName: 'Kevin', lastName: 'Da Silva', phone: '06 39 98 01 06', birthDate: '2002-09-17', commune: 'Lyon', lastActivityDaysAgo: 15 },
	{ key: 'lyon-7', firstName: 'Fatou', lastName: 'Sow', email: 'fatou.sow@exemple.test', birthDate: '2005-12-25', commune: 'Lyon', lastActivityDaysAgo: 22 },
	{ key: 'lyon-8', firstName: 'Mehdi', lastName: 'Boukhari', phone: '06 39 98 01 08', birthDate: '2004-04-04', commune: 'Lyon', lastActivityDaysAgo: 33 },
	{ key: 'lyon-9', firstName: 'Chloé', lastName: 'Lefebvre', birthDate: '2006-08-12', commune: 'Lyon', lastActivityDaysAgo: 41 },
	{ key: 'lyon-10', firstName: 'Samuel', lastName: 'Kouassi', email: 'samuel.kouassi@exemple.test', birthDate: '2003-06-01', commune: 'Lyon', lastActivityDaysAgo: 52 },
	{ key: 'lyon-11', firstName: 'Leïla', lastName: 'Mansouri', phone: '06 39 98 01 11', birthDate: '2005-02-18', commune: 'Lyon', lastActivityDaysAgo: 60 },
	{ key: 'lyon-12', firstName: 'Dylan', lastName: 'Robert', birthDate: '2007-10-10', commune: 'Lyon', lastActivityDaysAgo: null }
];

export const VILLEURBANNE_YOUTH: DemoYouth[] = [
	{ key: 'vbn-1', firstName: 'Sarah', lastName: 'Cohen', email: 'sarah.cohen@exemple.test', birthDate: '2004-03-03', commune: 'Villeurbanne', lastActivityDaysAgo: 0 },
	{ key: 'vbn-2', firstName: 'Moussa', lastName: 'Traoré', phone: '06 39 98 02 02', birthDate: '2005-09-23', commune: 'Villeurbanne', lastActivityDaysAgo: 4 },
	{ key: 'vbn-3', firstName: 'Emma', lastName: 'Petit', birthDate: '2006-01-15', commune: 'Villeurbanne', lastActivityDaysAgo: 12 },
	{ key: 'vbn-4', firstName: 'Rayan', lastName: 'Belkacem', phone: '06 39 98 02 04', birthDate: '2003-12-08', commune: 'Villeurbanne', lastActivityDaysAgo: 35 },
	{ key: 'vbn-5', firstName: 'Jade', lastName: 'Rakotomalala', email: 'jade.rakoto@exemple.test', birthDate: '2007-04-27', commune: 'Villeurbanne', lastActivityDaysAgo: 58 }
];
