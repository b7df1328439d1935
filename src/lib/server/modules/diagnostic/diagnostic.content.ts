/**
 * The digital-skills diagnostic, as data (written for Tremplin). Five areas of DigComp 2.2, each
 * mapped to the INSEE domains used to measure « illectronisme ». Short self-assessment questions,
 * knowledge questions and practical tasks simulated inside Tremplin (nothing is ever sent). About
 * 15 minutes on a phone. The answer keys stay on the server: pages receive `publicItem(...)`.
 * Changing items or keys means bumping DIAGNOSTIC_VERSION (stored on each attempt).
 */
export const DIAGNOSTIC_VERSION = 1;

export const AREA_CODES = ['information', 'communication', 'creation', 'safety', 'problem_solving'] as const;
export type AreaCode = (typeof AREA_CODES)[number];

export interface Area {
	code: AreaCode;
	/** DigComp 2.2 area, in French. */
	title: string;
	/** The same thing in plain words for a youth. */
	plain: string;
	digcomp: string;
	insee: string[];
}

export const AREAS: readonly Area[] = [
	{
		code: 'information',
		title: 'Informations et données',
		plain: 'Chercher une information et savoir si elle est fiable',
		digcomp: 'DigComp 2.2 — domaine 1',
		insee: ['Recherche d’information']
	},
	{
		code: 'communication',
		title: 'Communication et collaboration',
		plain: 'Écrire, échanger et faire attention à ton image en ligne',
		digcomp: 'DigComp 2.2 — domaine 2',
		insee: ['Communication']
	},
	{
		code: 'creation',
		title: 'Création de contenus',
		plain: 'Faire un document, une photo lisible, et respecter les droits',
		digcomp: 'DigComp 2.2 — domaine 3',
		insee: ['Utilisation de logiciels']
	},
	{
		code: 'safety',
		title: 'Sécurité',
		plain: 'Te protéger des arnaques et protéger tes comptes',
		digcomp: 'DigComp 2.2 — domaine 4',
		insee: ['Protection de la vie privée et sécurité']
	},
	{
		code: 'problem_solving',
		title: 'Résolution de problèmes',
		plain: 'Faire tes démarches en ligne et te débrouiller quand ça bloque',
		digcomp: 'DigComp 2.2 — domaine 5',
		insee: ['Résolution de problèmes']
	}
];

export const areaOf = (code: string): Area | undefined => AREAS.find((a) => a.code === code);

export interface Option {
	value: string;
	label: string;
}

interface Base {
	/** Stable id, also the URL slug of the step. */
	id: string;
	area: AreaCode;
	/** Weight of the item in its area's score. */
	weight: number;
}

/** « Est-ce que tu sais… ? » answered with three levels. */
export interface SelfItem extends Base {
	kind: 'self';
	question: string;
}

/** One right answer among a few. */
export interface ChoiceItem extends Base {
	kind: 'choice';
	question: string;
	options: Option[];
	correct: string;
	explanation: string;
}

export interface SearchResult {
	value: string;
	title: string;
	url: string;
	snippet: string;
	ad: boolean;
}

/** Open the right result of a simulated search page and read the information in it. */
export interface SearchTask extends Base {
	kind: 'search';
	prompt: string;
	query: string;
	results: SearchResult[];
	correctResult: string;
	infoQuestion: string;
	infoOptions: Option[];
	correctInfo: string;
	explanation: string;
}

export interface InboxMessage {
	value: string;
	from: string;
	subject: string;
	preview: string;
}

/** Tick the messages (phishing) or the posts (not to publish) that are a problem. */
export interface SelectTask extends Base {
	kind: 'phishing' | 'post';
	prompt: string;
	entries: InboxMessage[];
	/** The values that must be ticked. */
	expected: string[];
	explanation: string;
	/** Why, entry by entry (shown in the correction). */
	reasons: Record<string, string>;
}

/** Write and send a professional e-mail with the right attachment. */
export interface EmailTask extends Base {
	kind: 'email';
	prompt: string;
	to: string;
	/** The subject must contain one of these words (lowercase, without accents). */
	subjectWords: string[];
	greetings: Option[];
	correctGreeting: string;
	files: Option[];
	correctFile: string;
	explanation: string;
}

/** Fill a simulated administrative form for someone whose details are given. */
export interface FormTask extends Base {
	kind: 'form';
	prompt: string;
	persona: { lastName: string; firstName: string; birthDate: string; city: string };
	explanation: string;
}

/** Choose the strongest password, then say where to use it. */
export interface PasswordTask extends Base {
	kind: 'password';
	prompt: string;
	options: Option[];
	correct: string;
	reuseQuestion: string;
	reuseOptions: Option[];
	correctReuse: string;
	explanation: string;
}

export type Item = SelfItem | ChoiceItem | SearchTask | SelectTask | EmailTask | FormTask | PasswordTask;
export type ItemKind = Item['kind'];
export const TASK_KINDS: readonly ItemKind[] = ['search', 'phishing', 'email', 'form', 'password', 'post'];
export const isTask = (item: Item) => TASK_KINDS.includes(item.kind);

export const SELF_OPTIONS: Option[] = [
	{ value: 'yes', label: 'Oui, je sais le faire seul·e' },
	{ value: 'help', label: 'Oui, mais avec de l’aide' },
	{ value: 'no', label: 'Pas encore' }
];

export const ITEMS: readonly Item[] = [
	// 1. Informations et données
	{
		id: 'chercher-une-info',
		area: 'information',
		weight: 1,
		kind: 'self',
		question: 'Chercher sur internet une information précise (horaires, adresse, démarche) et la trouver rapidement, tu sais faire ?'
	},
	{
		id: 'site-fiable',
		area: 'information',
		weight: 1,
		kind: 'self',
		question: 'Reconnaître un site officiel ou fiable (et pas une publicité ou une fausse info), tu sais faire ?'
	},
	{
		id: 'recherche',
		area: 'information',
		weight: 3,
		kind: 'search',
		prompt: 'Tu as perdu ta carte d’identité. Tu cherches combien coûte la refaire. Choisis le résultat que tu ouvrirais, puis lis la réponse.',
		query: 'refaire carte identité perdue prix',
		results: [
			{
				value: 'annonce-papiers',
				title: 'Carte d’identité en 24 h — Démarche simplifiée',
				url: 'www.mes-papiers-express.fr',
				snippet: 'Nous faisons la démarche pour vous ! Frais de service : 49,90\u00a0€. Dossier traité en priorité.',
				ad: true
			},
			{
				value: 'service-public',
				title: 'Carte d’identité perdue : comment la refaire ? | Service Public',
				url: 'www.service-public.fr',
				snippet: 'En cas de perte, le renouvellement coûte 25\u00a0€ en timbre fiscal. La demande se fait en mairie, après une prédemande en ligne gratuite.',
				ad: false
			},
			{
				value: 'forum',
				title: 'Perdu ma carte, c’est gratuit ?? — Forum Ados',
				url: 'www.forum-ados-exemple.fr',
				snippet: 'Moi on m’a dit que c’était gratuit la première fois mais je sais plus…',
				ad: false
			},
			{
				value: 'annonce-photo',
				title: 'Photos d’identité conformes — dès 5 €',
				url: 'www.photo-minute-exemple.fr',
				snippet: 'Vos photos aux normes en 2 minutes, en cabine ou en ligne.',
				ad: true
			}
		],
		correctResult: 'service-public',
		infoQuestion: 'Combien coûte le renouvellement d’une carte d’identité perdue ?',
		infoOptions: [
			{ value: 'gratuit', label: 'C’est gratuit' },
			{ value: '25', label: '25\u00a0€' },
			{ value: '49,90', label: '49,90\u00a0€' }
		],
		correctInfo: '25',
		explanation:
			'Les résultats marqués « Annonce » sont des publicités payées : ils passent avant les autres mais ne sont pas officiels, et certains font payer des frais inutiles. Pour une démarche, le bon réflexe est un site en « .gouv.fr » ou service-public.fr. Un forum donne des avis, pas des informations sûres.'
	},

	// 2. Communication et collaboration
	{
		id: 'mail-piece-jointe',
		area: 'communication',
		weight: 1,
		kind: 'self',
		question: 'Envoyer un mail avec une pièce jointe (un CV, une attestation), tu sais faire ?'
	},
	{
		id: 'visio',
		area: 'communication',
		weight: 1,
		kind: 'self',
		question: 'Rejoindre un rendez-vous en visio et couper ou remettre ton micro, tu sais faire ?'
	},
	{
		id: 'mail-pro',
		area: 'communication',
		weight: 3,
		kind: 'email',
		prompt:
			'Tu réponds à une offre d’employé·e de rayon. Envoie ta candidature à Madame Leroy, la responsable du recrutement : un objet clair, une formule de politesse, et ton CV en pièce jointe.',
		to: 'recrutement@supermarche-exemple.fr',
		subjectWords: ['candidature', 'employe', 'rayon', 'poste', 'emploi', 'offre'],
		greetings: [
			{ value: 'salut', label: 'Salut !' },
			{ value: 'madame', label: 'Bonjour Madame Leroy,' },
			{ value: 'yo', label: 'Yo la team' }
		],
		correctGreeting: 'madame',
		files: [
			{ value: 'none', label: 'Pas de pièce jointe' },
			{ value: 'cv', label: 'CV_Sam_Diallo.pdf' },
			{ value: 'photo', label: 'photo_soiree.jpg' },
			{ value: 'courses', label: 'liste_courses.txt' }
		],
		correctFile: 'cv',
		explanation:
			'Un recruteur reçoit beaucoup de mails : l’objet doit dire tout de suite de quoi il s’agit (« Candidature au poste d’employé de rayon »). On commence par « Bonjour Madame Leroy, » et on n’oublie pas de joindre son CV, de préférence en PDF avec un nom clair.'
	},
	{
		id: 'publier',
		area: 'communication',
		weight: 3,
		kind: 'post',
		prompt: 'Voici des publications que tu pourrais poster sur un réseau social public. Coche celles que tu ne publierais pas.',
		entries: [
			{ value: 'gateau', from: 'Photo', subject: 'Le gâteau que j’ai fait pour l’anniversaire de ma sœur', preview: '🎂 Fier·e de moi !' },
			{ value: 'carte', from: 'Photo', subject: 'Ma carte d’identité toute neuve', preview: 'Enfin récupérée à la mairie !' },
			{ value: 'pote', from: 'Photo', subject: 'Une photo de ton pote endormi à une soirée', preview: 'Trop drôle, il va me tuer 😂 (il ne l’a pas vue)' },
			{ value: 'forum-emploi', from: 'Partage', subject: 'L’annonce du forum de l’emploi de ta ville', preview: 'Samedi 10 h, venez nombreux !' },
			{ value: 'vacances', from: 'Message', subject: 'Ton adresse et tes dates de vacances', preview: 'Maison vide du 1er au 15 août, 12 rue des Lilas !' }
		],
		expected: ['carte', 'pote', 'vacances'],
		reasons: {
			gateau: 'Rien de personnel ni de gênant.',
			carte: 'Une pièce d’identité en ligne permet à quelqu’un d’usurper ton identité.',
			pote: 'Publier la photo de quelqu’un sans son accord, c’est interdit et ça peut lui faire du tort.',
			'forum-emploi': 'Une information utile et publique.',
			vacances: 'Ton adresse avec les dates où la maison est vide, c’est une invitation pour les cambrioleurs.'
		},
		explanation:
			'Ce que tu publies peut être vu, copié et gardé longtemps, y compris par de futurs employeurs. Avant de poster : est-ce que ça dit où je suis ou qui je suis ? Est-ce que les personnes sur la photo sont d’accord ?'
	},

	// 3. Création de contenus
	{
		id: 'document-pdf',
		area: 'creation',
		weight: 1,
		kind: 'self',
		question: 'Écrire un document (un CV, une lettre) sur un ordinateur ou une appli, puis l’enregistrer en PDF, tu sais faire ?'
	},
	{
		id: 'photo-document',
		area: 'creation',
		weight: 1,
		kind: 'self',
		question: 'Prendre en photo ou scanner un document avec ton téléphone pour qu’il soit bien lisible, tu sais faire ?'
	},
	{
		id: 'droits-image',
		area: 'creation',
		weight: 2,
		kind: 'choice',
		question: 'Tu fais une affiche pour la fête de ton quartier. Quelle image peux-tu utiliser sans problème ?',
		options: [
			{ value: 'google', label: 'Une image trouvée sur Google Images' },
			{ value: 'libre', label: 'Une image d’un site d’images libres de droits, en citant l’auteur si c’est demandé' },
			{ value: 'logo', label: 'Le logo d’une grande marque, ça fait plus pro' }
		],
		correct: 'libre',
		explanation:
			'Une image trouvée sur internet appartient à quelqu’un : on ne peut pas l’utiliser sans son accord. Les sites d’images libres (par exemple avec une licence Creative Commons) le permettent, parfois en citant l’auteur. Les logos de marques sont protégés.'
	},
	{
		id: 'nommer-fichier',
		area: 'creation',
		weight: 2,
		kind: 'choice',
		question: 'Tu vas envoyer ton CV à un employeur. Quel nom de fichier choisis-tu ?',
		options: [
			{ value: 'scan', label: 'IMG_20240312_1542.jpg' },
			{ value: 'clair', label: 'CV_Prenom_Nom.pdf' },
			{ value: 'final', label: 'cv final final 2 (vrai).docx' }
		],
		correct: 'clair',
		explanation:
			'Un nom clair (« CV_Prénom_Nom ») aide le recruteur à te retrouver. Le PDF garde la mise en page sur tous les appareils, alors qu’une photo ou un fichier Word peut s’afficher de travers.'
	},

	// 4. Sécurité
	{
		id: 'mises-a-jour',
		area: 'safety',
		weight: 1,
		kind: 'self',
		question: 'Faire les mises à jour de ton téléphone et de tes applis, et savoir pourquoi c’est important, tu sais faire ?'
	},
	{
		id: 'hameconnage',
		area: 'safety',
		weight: 3,
		kind: 'phishing',
		prompt: 'Voici ta boîte de réception. Coche les messages qui sont des arnaques (hameçonnage).',
		entries: [
			{
				value: 'ameli',
				from: 'Assurance Maladie <remboursement@ameli-dossier-secure.com>',
				subject: 'Remboursement en attente : 148,50 €',
				preview: 'Pour recevoir votre remboursement, confirmez votre carte bancaire sous 24 h : cliquez ici.'
			},
			{
				value: 'mission-locale',
				from: 'Mission Locale <ne-pas-repondre@tremplin.test>',
				subject: 'Rappel : rendez-vous demain à 10 h',
				preview: 'Bonjour, ton rendez-vous avec ta conseillère est confirmé. Tu peux le déplacer depuis ton espace.'
			},
			{
				value: 'colis',
				from: 'Livraison <info@colis-suivi-fr.net>',
				subject: 'Votre colis est bloqué',
				preview: 'Des frais de 1,99 € sont à régler pour livrer votre colis. Payez maintenant ou il sera renvoyé.'
			},
			{
				value: 'collegue',
				from: 'Lucas (ton équipe de foot)',
				subject: 'Entraînement décalé',
				preview: 'Salut, l’entraînement de jeudi passe à 19 h. À plus !'
			}
		],
		expected: ['ameli', 'colis'],
		reasons: {
			ameli: 'L’adresse ne finit pas par « ameli.fr », on te presse (« sous 24 h ») et on te demande ta carte bancaire.',
			'mission-locale': 'Un rappel attendu, sans lien bizarre ni demande d’argent.',
			colis: 'Des petits frais à payer tout de suite pour un colis que tu n’attends peut-être pas : un grand classique.',
			collegue: 'Une personne que tu connais, rien de suspect.'
		},
		explanation:
			'Les signes d’un hameçonnage : une adresse d’expéditeur bizarre, l’urgence, une demande d’argent ou de coordonnées bancaires, un lien à cliquer. Dans le doute, ne clique pas : va sur le site officiel en tapant toi-même l’adresse. Tu peux signaler les arnaques sur cybermalveillance.gouv.fr.'
	},
	{
		id: 'mot-de-passe',
		area: 'safety',
		weight: 3,
		kind: 'password',
		prompt: 'Tu crées ton compte sur le site de France Travail. Quel mot de passe est le plus solide ?',
		options: [
			{ value: 'prenom', label: 'sam2006' },
			{ value: 'azerty', label: 'Azerty123!' },
			{ value: 'phrase', label: 'Velo-Lune-Cactus-47' },
			{ value: 'motdepasse', label: 'motdepasse' }
		],
		correct: 'phrase',
		reuseQuestion: 'Et ce mot de passe, tu l’utilises…',
		reuseOptions: [
			{ value: 'partout', label: 'Pour tous mes comptes, c’est plus simple à retenir' },
			{ value: 'unique', label: 'Seulement pour ce compte' }
		],
		correctReuse: 'unique',
		explanation:
			'Un mot de passe solide est long et imprévisible : plusieurs mots sans lien, avec un chiffre ou un signe, c’est facile à retenir et difficile à deviner. Ton prénom, ta date de naissance ou « Azerty » sont essayés en premier par les pirates. Un mot de passe différent par compte : si l’un fuit, les autres restent protégés.'
	},

	// 5. Résolution de problèmes
	{
		id: 'demarche-en-ligne',
		area: 'problem_solving',
		weight: 1,
		kind: 'self',
		question: 'Faire une démarche en ligne (CAF, France Travail, impôts, Ameli) jusqu’au bout, tu sais faire ?'
	},
	{
		id: 'quand-ca-bloque',
		area: 'problem_solving',
		weight: 1,
		kind: 'self',
		question: 'Quand une appli ou un site bloque, trouver une solution (redémarrer, chercher un tuto, demander de l’aide), tu sais faire ?'
	},
	{
		id: 'formulaire',
		area: 'problem_solving',
		weight: 3,
		kind: 'form',
		prompt:
			'Inscris Sam à la médiathèque de sa ville avec ce formulaire. Sam s’appelle Sam Diallo, est né le 7 mars 2006 et habite à Villeurbanne.',
		persona: { lastName: 'Diallo', firstName: 'Sam', birthDate: '07/03/2006', city: 'Villeurbanne' },
		explanation:
			'Dans un formulaire, les champs marqués d’un astérisque (*) sont obligatoires. La date se tape dans le format demandé (ici JJ/MM/AAAA : 07/03/2006, avec les zéros). Et il faut souvent cocher une case d’accord avant d’envoyer, sinon la demande est refusée.'
	},
	{
		id: 'stockage-plein',
		area: 'problem_solving',
		weight: 2,
		kind: 'choice',
		question: 'Ton téléphone dit « Stockage plein » quand tu veux installer l’appli France Travail. Que fais-tu d’abord ?',
		options: [
			{ value: 'nouveau', label: 'J’achète un nouveau téléphone' },
			{ value: 'trier', label: 'Je supprime des applis que je n’utilise plus et je range mes photos et vidéos' },
			{ value: 'abandon', label: 'Je laisse tomber, tant pis pour l’appli' }
		],
		correct: 'trier',
		explanation:
			'Les vidéos, les photos et les applis oubliées prennent beaucoup de place. Dans les réglages, rubrique « Stockage », ton téléphone te montre ce qui prend le plus de place. Tu peux aussi sauvegarder tes photos ailleurs avant de les effacer du téléphone.'
	}
];

export const itemById = (id: string): Item | undefined => ITEMS.find((i) => i.id === id);

/** What a page may show of an item: everything but the answer keys and the explanations. */
export type PublicItem =
	| Omit<SelfItem, 'weight'>
	| Omit<ChoiceItem, 'weight' | 'correct' | 'explanation'>
	| Omit<SearchTask, 'weight' | 'correctResult' | 'correctInfo' | 'explanation'>
	| Omit<SelectTask, 'weight' | 'expected' | 'explanation' | 'reasons'>
	| Omit<EmailTask, 'weight' | 'subjectWords' | 'correctGreeting' | 'correctFile' | 'explanation'>
	| Omit<FormTask, 'weight' | 'explanation'>
	| Omit<PasswordTask, 'weight' | 'correct' | 'correctReuse' | 'explanation'>;

export function publicItem(item: Item): PublicItem {
	switch (item.kind) {
		case 'self': {
			const { weight: _w, ...rest } = item;
			return rest;
		}
		case 'choice': {
			const { weight: _w, correct: _c, explanation: _e, ...rest } = item;
			return rest;
		}
		case 'search': {
			const { weight: _w, correctResult: _r, correctInfo: _i, explanation: _e, ...rest } = item;
			return rest;
		}
		case 'phishing':
		case 'post': {
			const { weight: _w, expected: _x, explanation: _e, reasons: _r, ...rest } = item;
			return rest;
		}
		case 'email': {
			const { weight: _w, subjectWords: _s, correctGreeting: _g, correctFile: _f, explanation: _e, ...rest } = item;
			return rest;
		}
		case 'form': {
			const { weight: _w, explanation: _e, ...rest } = item;
			return rest;
		}
		case 'password': {
			const { weight: _w, correct: _c, correctReuse: _r, explanation: _e, ...rest } = item;
			return rest;
		}
	}
}
