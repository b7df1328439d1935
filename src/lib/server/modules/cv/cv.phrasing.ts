import type { ExperienceKind } from './cv.validation';

/**
 * The phrasing helper, without AI: from a short sentence a youth types ("j'ai gardé mes petits
 * frères") and the kind of experience, it proposes CV lines built from a curated list of action
 * verbs and templates, and the soft skills the experience shows. Proposals are suggestions: the
 * youth picks, edits or ignores them. Everything here is plain data and string work: the same
 * input always gives the same proposals, and nothing leaves the server.
 */

export interface PhrasingProposal {
	/** The line to put on the CV. */
	text: string;
	/** Where it comes from: the youth's own words reworded, or a model line for this kind of experience. */
	source: 'reworded' | 'model';
}

export interface PhrasingResult {
	proposals: PhrasingProposal[];
	softSkills: string[];
}

interface Verb {
	/** Forms a youth may type (without accents, lower case): participle, present, infinitive… */
	forms: string[];
	/** The noun that starts a CV line: "Garde", "Vente"… */
	noun: string;
	/** How what follows is attached: "Garde de …", "Aide à …", "Traduction pour …", "Préparation des repas : …". */
	linker: 'de' | 'à' | 'pour' | ':';
	skills: string[];
}

const VERBS: Verb[] = [
	{ forms: ['garde', 'gardais', 'garder', 'gardee', 'gardes'], noun: 'Garde', linker: 'de', skills: ['Sens des responsabilités', 'Fiabilité'] },
	{ forms: ['aide', 'aidais', 'aider', 'aidee'], noun: 'Aide', linker: 'à', skills: ['Entraide', 'Sens du service'] },
	{ forms: ['vendu', 'vends', 'vendais', 'vendre'], noun: 'Vente', linker: 'de', skills: ['Sens du contact', 'Sens commercial'] },
	{ forms: ['servi', 'sers', 'servais', 'servir'], noun: 'Service', linker: 'de', skills: ['Sens du service', 'Rapidité'] },
	{ forms: ['range', 'rangeais', 'ranger', 'rangee'], noun: 'Rangement', linker: 'de', skills: ['Organisation', 'Rigueur'] },
	{ forms: ['nettoye', 'nettoie', 'nettoyais', 'nettoyer'], noun: 'Nettoyage', linker: 'de', skills: ['Rigueur', 'Autonomie'] },
	{ forms: ['organise', 'organisais', 'organiser', 'organisee'], noun: 'Organisation', linker: 'de', skills: ["Sens de l'organisation", 'Initiative'] },
	{ forms: ['entraine', 'entrainais', 'entrainer'], noun: 'Entraînement', linker: 'de', skills: ['Pédagogie', 'Leadership'] },
	{ forms: ['anime', 'animais', 'animer'], noun: 'Animation', linker: 'de', skills: ['Aisance relationnelle', 'Créativité'] },
	{ forms: ['accueilli', 'accueille', 'accueillais', 'accueillir'], noun: 'Accueil', linker: 'de', skills: ['Sens du contact', 'Amabilité'] },
	{ forms: ['livre', 'livrais', 'livrer'], noun: 'Livraison', linker: 'de', skills: ['Ponctualité', 'Autonomie'] },
	{ forms: ['prepare', 'preparais', 'preparer', 'preparee'], noun: 'Préparation', linker: 'de', skills: ['Organisation', 'Rigueur'] },
	{ forms: ['cuisine', 'cuisinais', 'cuisiner', 'fait a manger', 'fais a manger', 'faisais a manger'], noun: 'Préparation des repas', linker: ':', skills: ['Organisation', 'Autonomie'] },
	{ forms: ['repare', 'reparais', 'reparer'], noun: 'Réparation', linker: 'de', skills: ['Habileté manuelle', 'Résolution de problèmes'] },
	{ forms: ['construit', 'construisais', 'construire'], noun: 'Construction', linker: 'de', skills: ['Habileté manuelle', 'Persévérance'] },
	{ forms: ['conduit', 'conduisais', 'conduire'], noun: 'Conduite', linker: 'de', skills: ['Vigilance', 'Fiabilité'] },
	{ forms: ['porte', 'portais', 'porter', 'transporte', 'transportais'], noun: 'Manutention', linker: 'de', skills: ['Endurance', 'Sens du travail en équipe'] },
	{ forms: ['enseigne', 'appris', 'explique', 'expliquais', 'donne des cours', 'donnais des cours'], noun: 'Transmission de connaissances', linker: 'à', skills: ['Pédagogie', 'Patience'] },
	{ forms: ['soigne', 'soignais', 'soigner', 'occupe', 'occupais', "m'occupais", "me suis occupe", "m'occupe"], noun: 'Prise en charge', linker: 'de', skills: ['Bienveillance', 'Sens des responsabilités'] },
	{ forms: ['accompagne', 'accompagnais', 'accompagner'], noun: 'Accompagnement', linker: 'de', skills: ['Bienveillance', 'Écoute'] },
	{ forms: ['gere', 'gerais', 'gerer'], noun: 'Gestion', linker: 'de', skills: ["Sens de l'organisation", 'Autonomie'] },
	{ forms: ['encaisse', 'encaissais', 'encaisser'], noun: 'Encaissement', linker: 'de', skills: ['Rigueur', 'Honnêteté'] },
	{ forms: ['installe', 'installais', 'installer'], noun: 'Installation', linker: 'de', skills: ['Habileté manuelle', 'Organisation'] },
	{ forms: ['cree', 'creais', 'creer', 'dessine', 'dessinais'], noun: 'Création', linker: 'de', skills: ['Créativité', 'Initiative'] },
	{ forms: ['filme', 'monte', 'montais', 'filmais'], noun: 'Réalisation', linker: 'de', skills: ['Créativité', 'Maîtrise des outils numériques'] },
	{ forms: ['traduit', 'traduisais', 'traduire'], noun: 'Traduction', linker: 'pour', skills: ['Aisance à l’écrit et à l’oral', 'Sens du service'] },
	{ forms: ['distribue', 'distribuais', 'distribuer'], noun: 'Distribution', linker: 'de', skills: ['Sens du service', 'Travail en équipe'] },
	{ forms: ['joue', 'jouais', 'jouer'], noun: 'Pratique', linker: 'de', skills: ["Esprit d'équipe", 'Persévérance'] },
	{ forms: ['arbitre', 'arbitrais', 'arbitrer'], noun: 'Arbitrage', linker: 'de', skills: ['Impartialité', 'Calme'] },
	{ forms: ['cueilli', 'recolte', 'recoltais', 'vendange'], noun: 'Récolte', linker: 'de', skills: ['Endurance', 'Régularité'] },
	{ forms: ['tonds', 'tondu', 'jardine', 'jardinais', 'entretenu', 'entretiens'], noun: 'Entretien', linker: 'de', skills: ['Autonomie', 'Soin du travail bien fait'] }
];

/** Model lines per kind of experience: what a counselor would help write, in sober CV wording. */
const MODELS: Record<ExperienceKind, { keywords: string[]; lines: string[] }[]> = {
	babysitting: [
		{ keywords: [], lines: ['Garde régulière d’enfants : repas, devoirs et coucher', 'Trajets école – maison en toute sécurité', 'Gestion des imprévus et échanges avec les parents'] }
	],
	family_help: [
		{ keywords: ['frere', 'soeur', 'enfant', 'petit', 'cousin'], lines: ['Prise en charge quotidienne d’enfants de la famille', 'Aide aux devoirs et accompagnement à l’école'] },
		{ keywords: ['grand', 'mamie', 'papy', 'malade', 'handicap', 'age'], lines: ['Accompagnement d’une personne âgée ou dépendante au quotidien', 'Aide aux courses, aux repas et aux rendez-vous médicaux'] },
		{ keywords: ['magasin', 'commerce', 'marche', 'restaurant', 'boutique', 'epicerie'], lines: ['Aide dans le commerce familial : accueil, vente et mise en rayon', 'Tenue de la caisse et rangement en fin de journée'] },
		{ keywords: ['papier', 'administratif', 'traduire', 'traduit', 'dossier', 'caf'], lines: ['Aide aux démarches administratives de la famille (courriers, dossiers en ligne)', 'Traduction et explication de documents pour des proches'] },
		{ keywords: [], lines: ['Participation régulière aux tâches du foyer : courses, repas, entretien', 'Organisation du quotidien pour plusieurs personnes'] }
	],
	sport: [
		{ keywords: ['entraine', 'coach', 'jeune', 'enfant', 'petit'], lines: ['Encadrement de séances d’entraînement pour des jeunes joueurs', 'Préparation du matériel et des exercices avec l’entraîneur'] },
		{ keywords: ['arbitre'], lines: ['Arbitrage de rencontres officielles ou amicales', 'Application des règles avec calme et impartialité'] },
		{ keywords: ['capitaine'], lines: ['Capitaine d’équipe : motivation du groupe et lien avec l’entraîneur'] },
		{ keywords: [], lines: ['Pratique régulière en club et participation aux compétitions', 'Entraînements suivis plusieurs fois par semaine'] }
	],
	volunteering: [
		{ keywords: ['distribu', 'resto', 'alimentaire', 'banque'], lines: ['Accueil des bénéficiaires et distribution de colis alimentaires', 'Tri et rangement des denrées en équipe'] },
		{ keywords: ['association', 'evenement', 'fete', 'festival'], lines: ['Aide à l’organisation d’événements associatifs', 'Installation, accueil du public et rangement'] },
		{ keywords: [], lines: ['Engagement bénévole régulier au sein d’une association', 'Travail en équipe au service du public'] }
	],
	civic_service: [{ keywords: [], lines: ['Mission de service civique au service de l’intérêt général', 'Animation d’actions auprès du public et travail en équipe'] }],
	odd_jobs: [
		{ keywords: ['demenag'], lines: ['Aide aux déménagements : port de charges et protection du mobilier'] },
		{ keywords: ['jardin', 'tond', 'haie'], lines: ['Entretien d’espaces verts chez des particuliers'] },
		{ keywords: ['menage', 'nettoy'], lines: ['Ménage et entretien chez des particuliers'] },
		{ keywords: ['bricol', 'peint', 'peinture', 'monte'], lines: ['Petits travaux de bricolage et de peinture chez des particuliers'] },
		{ keywords: [], lines: ['Missions ponctuelles chez des particuliers, en autonomie'] }
	],
	school_project: [{ keywords: [], lines: ['Réalisation d’un projet en équipe, de l’idée à la présentation', 'Répartition des tâches et respect des délais'] }],
	internship: [{ keywords: [], lines: ['Découverte du métier et participation aux tâches de l’équipe', 'Application des consignes de sécurité et de qualité'] }],
	apprenticeship: [{ keywords: [], lines: ['Formation en alternance : mise en pratique en entreprise des acquis du centre de formation'] }],
	job: [
		{ keywords: ['vend', 'magasin', 'client', 'caisse'], lines: ['Accueil et conseil des clients', 'Encaissement et tenue de la caisse', 'Mise en rayon et réassort'] },
		{ keywords: ['serv', 'restaurant', 'cafe', 'serveur', 'serveuse', 'salle'], lines: ['Service en salle et prise de commandes', 'Dressage et débarrassage des tables'] },
		{ keywords: ['livr', 'velo', 'scooter'], lines: ['Livraison de commandes dans les délais', 'Organisation de tournées'] },
		{ keywords: [], lines: ['Exécution des tâches confiées dans le respect des consignes', 'Travail en équipe et respect des horaires'] }
	],
	other: [{ keywords: [], lines: [] }]
};

const KIND_SKILLS: Record<ExperienceKind, string[]> = {
	babysitting: ['Sens des responsabilités', 'Patience', 'Vigilance'],
	family_help: ['Sens des responsabilités', 'Organisation', 'Fiabilité'],
	sport: ["Esprit d'équipe", 'Persévérance', 'Respect des règles'],
	volunteering: ['Engagement', 'Sens du service', "Esprit d'équipe"],
	civic_service: ['Engagement', 'Adaptabilité', "Esprit d'équipe"],
	odd_jobs: ['Autonomie', 'Débrouillardise', 'Fiabilité'],
	school_project: ["Esprit d'équipe", 'Organisation', 'Respect des délais'],
	internship: ['Curiosité', 'Adaptabilité', 'Respect des consignes'],
	apprenticeship: ['Assiduité', 'Adaptabilité', 'Respect des consignes'],
	job: ['Ponctualité', 'Fiabilité', "Esprit d'équipe"],
	other: ['Adaptabilité']
};

/** Lower case, no accents, apostrophes unified: what the lexicon is written in. */
function fold(text: string): string {
	return text
		.toLocaleLowerCase('fr-FR')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[’`]/g, "'")
		.replace(/\s+/g, ' ')
		.trim();
}

/** First-person words turned into neutral CV wording (one pass: a replacement is never rewritten). */
const PERSON: [string, string][] = [
	['mes petits freres et soeurs', 'jeunes enfants de la famille'],
	['mes petits freres', 'jeunes enfants de la famille'],
	['mes petites soeurs', 'jeunes enfants de la famille'],
	['mon petit frere', 'un jeune enfant de la famille'],
	['ma petite soeur', 'un jeune enfant de la famille'],
	['ma grand-mere', 'une personne âgée de la famille'],
	['mon grand-pere', 'une personne âgée de la famille'],
	['mes grands-parents', 'des personnes âgées de la famille'],
	...['oncle', 'pere', 'cousin', 'voisin'].map((w): [string, string] => [`mon ${w}`, 'un proche']),
	...['tante', 'mere', 'cousine', 'voisine'].map((w): [string, string] => [`ma ${w}`, 'une proche']),
	...['parents', 'cousins', 'voisins'].map((w): [string, string] => [`mes ${w}`, 'des proches']),
	['mes', 'des'],
	['mon', 'un'],
	['ma', 'une'],
	["m'", ''],
	['moi', '']
];
const PERSON_PATTERN = new RegExp(`(^|\\s)(${PERSON.map(([from]) => from.replace(/[-']/g, (c) => `\\${c}`)).join('|')})(?=\\s|$)`, 'g');
const neutral = (text: string) =>
	text
		.replace(PERSON_PATTERN, (_, space: string, words: string) => space + PERSON.find(([from]) => from === words)![1])
		.replace(/\s+/g, ' ')
		.trim();

/** "de" + a noun phrase, with French contractions: "de les" → "des", "de un" → "d’un"… */
function attach(linker: Verb['linker'], rest: string): string {
	if (linker === ':') return ` : ${rest}`;
	if (linker === 'pour') return ` pour ${rest}`;
	if (linker === 'à') {
		if (/^(le) /.test(rest)) return ` au ${rest.slice(3)}`;
		if (/^(les) /.test(rest)) return ` aux ${rest.slice(4)}`;
		return ` à ${rest.replace(/^à /, '')}`;
	}
	rest = rest.replace(/^(de |d')(?!la |l')/, '');
	if (/^le /.test(rest)) return ` du ${rest.slice(3)}`;
	if (/^les /.test(rest)) return ` des ${rest.slice(4)}`;
	if (/^des /.test(rest)) rest = rest.slice(4);
	if (/^(du|de|d') ?/.test(rest) && /^(du |de |d')/.test(rest)) return ` ${rest}`;
	if (/^[aeiouyhâéèêîôû]/i.test(rest)) return ` d’${rest}`;
	return ` de ${rest}`;
}

/** "j'ai gardé mes petits frères" → "Garde de jeunes enfants de ma famille". */
function reword(input: string): { text: string; verb: Verb } | null {
	const folded = fold(input)
		.replace(/^(moi,? )?(j'ai |j ai |je |j')/, '')
		.replace(/^(souvent|tous les jours|parfois|deja|aussi)\s+/, '');
	for (const verb of VERBS) {
		for (const form of verb.forms) {
			const match = new RegExp(`(^|\\s)${form}(\\s|$)`).exec(folded);
			if (!match) continue;
			let rest = folded.slice(match.index + match[0].length).trim();
			// The youth's own accented words come back for what follows the verb.
			rest = restoreAccents(neutral(rest), input);
			return { text: rest ? `${verb.noun}${attach(verb.linker, rest)}` : verb.noun, verb };
		}
	}
	return null;
}

/** Puts back the accents of the youth's words (the matching worked on an accent-less copy). */
function restoreAccents(folded: string, original: string): string {
	const words = original.split(/\s+/);
	return folded
		.split(' ')
		.map((word) => words.find((w) => fold(w) === word) ?? word)
		.join(' ');
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase('fr-FR') + s.slice(1);

export const MAX_PHRASING_INPUT = 300;

/** Proposals for one experience. `input` is what the youth typed (may be empty). */
export function proposePhrasing(kind: ExperienceKind, input: string): PhrasingResult {
	const text = input.slice(0, MAX_PHRASING_INPUT).trim();
	const folded = fold(text);
	const proposals: PhrasingProposal[] = [];
	const skills = new Set<string>();
	const reworded = text ? reword(text) : null;
	if (reworded) {
		proposals.push({ text: capitalise(reworded.text), source: 'reworded' });
		for (const s of reworded.verb.skills) skills.add(s);
	}
	const groups = MODELS[kind];
	const matching = groups.filter((g) => g.keywords.length > 0 && g.keywords.some((k) => folded.includes(k)));
	const chosen = matching.length ? matching : groups.filter((g) => g.keywords.length === 0);
	for (const group of chosen) {
		for (const line of group.lines) {
			if (!proposals.some((p) => fold(p.text) === fold(line))) proposals.push({ text: line, source: 'model' });
		}
	}
	for (const s of KIND_SKILLS[kind]) skills.add(s);
	return { proposals: proposals.slice(0, 6), softSkills: [...skills].slice(0, 5) };
}
