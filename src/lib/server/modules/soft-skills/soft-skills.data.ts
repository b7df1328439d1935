import type { SoftSkillReferentialContent } from './soft-skills.schema';

/**
 * Version 1 of Tremplin's soft-skills referential, written for Tremplin (plain French, tutoiement
 * left to the pages). In the spirit of public lists of « savoir-être professionnels » (France
 * Travail), not copied from them. Seeded into `soft_skill_referentials` the first time it is read;
 * later versions are written by a platform admin. Ids never change: youth's skills point to them.
 */

const s = (familyId: string, id: string, name: string, definition: string, behaviours: string[], keywords: string[]) => ({
	id,
	familyId,
	name,
	definition,
	behaviours,
	keywords,
	retired: false
});

export const INITIAL_REFERENTIAL: SoftSkillReferentialContent = {
	families: [
		{ id: 'relation', name: 'Relation aux autres' },
		{ id: 'equipe', name: 'Travail en équipe' },
		{ id: 'organisation', name: 'Organisation' },
		{ id: 'autonomie', name: 'Autonomie et initiative' },
		{ id: 'adaptation', name: 'Adaptation' },
		{ id: 'engagement', name: 'Fiabilité et engagement' },
		{ id: 'apprendre', name: 'Curiosité et envie d’apprendre' },
		{ id: 'entrainer', name: 'Entraîner et transmettre' }
	],
	skills: [
		// Relation aux autres
		s('relation', 'ecoute', 'Écoute', 'Prêter attention à ce que dit l’autre, jusqu’au bout, pour bien le comprendre.', ['Laisse parler sans couper', 'Reformule pour vérifier qu’il a compris', 'Pose des questions quand ce n’est pas clair'], ['écout', 'conseil', 'client', 'ami', 'aidé', 'parler']),
		s('relation', 'respect', 'Respect des autres', 'Se comporter avec politesse et considération avec chacun, quelles que soient ses différences.', ['Dit bonjour, merci, s’excuse', 'Respecte les règles et les personnes du lieu', 'Ne juge pas sur l’apparence'], ['respect', 'politesse', 'poli', 'règle']),
		s('relation', 'empathie', 'Empathie', 'Comprendre ce que ressent une autre personne et en tenir compte.', ['Remarque quand quelqu’un ne va pas bien', 'Adapte sa façon de parler à la personne', 'Propose son aide sans qu’on la demande'], ['grand-mère', 'grand-père', 'malade', 'personne âgée', 'handicap', 'soutien', 'réconfort']),
		s('relation', 'expression', 'Expression claire', 'Dire ou écrire les choses simplement pour être compris du premier coup.', ['Explique une consigne en quelques phrases', 'Choisit des mots adaptés à la personne', 'Ose poser une question devant un groupe'], ['expliqu', 'présent', 'expos', 'téléphone', 'appel', 'message']),
		s('relation', 'service', 'Sens du service', 'Chercher à rendre service et à satisfaire les personnes qu’on accueille ou qu’on aide.', ['Accueille avec le sourire', 'Cherche une solution à la demande', 'Vérifie que la personne est satisfaite'], ['client', 'accueil', 'service', 'vente', 'caisse', 'serveur', 'serveuse', 'livr']),

		// Travail en équipe
		s('equipe', 'cooperation', 'Coopération', 'Travailler avec les autres vers un but commun plutôt que chacun de son côté.', ['Partage le travail avec les autres', 'Tient compte des idées de chacun', 'Fait sa part pour que le groupe réussisse'], ['équipe', 'equipe', 'ensemble', 'groupe', 'collègue', 'match', 'club']),
		s('equipe', 'entraide', 'Entraide', 'Aider un collègue ou un proche en difficulté, et savoir demander de l’aide.', ['Donne un coup de main sans qu’on le demande', 'Demande de l’aide quand il bloque', 'Remercie ceux qui l’aident'], ['aid', 'coup de main', 'bénévol', 'benevol', 'entraide', 'voisin']),
		s('equipe', 'partage-info', 'Partage d’informations', 'Tenir les autres au courant de ce qui est utile pour leur travail.', ['Prévient quand quelque chose change', 'Transmet les consignes à ceux qui arrivent', 'Signale un problème au bon moment'], ['transmettre', 'informer', 'prévenir', 'relève', 'passation']),
		s('equipe', 'desaccords', 'Gestion des désaccords', 'Traverser un désaccord sans conflit, en cherchant une solution acceptable pour tous.', ['Garde son calme quand on n’est pas d’accord', 'Donne son avis sans attaquer la personne', 'Accepte un compromis'], ['dispute', 'conflit', 'désaccord', 'bagarre', 'tension']),

		// Organisation
		s('organisation', 'ponctualite', 'Ponctualité', 'Être à l’heure et respecter les horaires convenus.', ['Arrive à l’heure ou en avance', 'Prévient s’il a un retard', 'Respecte les pauses et les horaires'], ['heure', 'horaire', 'matin', 'réveil', 'ponctu']),
		s('organisation', 'gestion-temps', 'Gestion du temps', 'Prévoir le temps qu’il faut pour chaque chose et tenir les délais.', ['Utilise un agenda ou des rappels', 'Commence assez tôt pour finir à temps', 'Sait dire quand un délai est trop court'], ['planning', 'agenda', 'délai', 'organis', 'emploi du temps']),
		s('organisation', 'rigueur', 'Rigueur', 'Faire les choses avec soin et précision, en suivant les consignes.', ['Vérifie son travail avant de le rendre', 'Suit une procédure étape par étape', 'Range son poste et son matériel'], ['précis', 'soin', 'vérifi', 'compt', 'caisse', 'recette', 'cuisine', 'inventaire']),
		s('organisation', 'priorites', 'Sens des priorités', 'Savoir ce qui doit être fait d’abord quand tout arrive en même temps.', ['Fait une liste et la classe', 'Traite l’urgent avant le reste', 'Demande quelles tâches comptent le plus'], ['priorit', 'urgence', 'rush', 'coup de feu', 'plusieurs choses']),

		// Autonomie et initiative
		s('autonomie', 'autonomie', 'Autonomie', 'Avancer seul sur une tâche une fois les consignes comprises.', ['Se met au travail sans qu’on le lui rappelle', 'Cherche d’abord par lui-même avant de demander', 'Termine ce qu’il a commencé'], ['seul', 'seule', 'autonom', 'indépendant', 'me débrouill']),
		s('autonomie', 'initiative', 'Prise d’initiative', 'Proposer ou faire quelque chose d’utile sans attendre qu’on le demande.', ['Propose une idée pour améliorer les choses', 'Anticipe ce qui va manquer', 'Se porte volontaire'], ['propos', 'idée', 'initiative', 'créé', 'lancé', 'organisé']),
		s('autonomie', 'decision', 'Prise de décision', 'Choisir quoi faire après avoir réfléchi aux conséquences, et l’assumer.', ['Pèse le pour et le contre', 'Décide dans un délai raisonnable', 'Assume son choix et l’explique'], ['décid', 'choix', 'choisi']),
		s('autonomie', 'debrouillardise', 'Débrouillardise', 'Trouver une solution avec les moyens du bord quand quelque chose bloque.', ['Trouve une autre façon de faire', 'Répare ou bricole avec ce qu’il a', 'Cherche l’information qui manque'], ['débrouill', 'réparer', 'répar', 'bricol', 'solution', 'panne']),

		// Adaptation
		s('adaptation', 'adaptabilite', 'Adaptabilité', 'S’ajuster à un nouveau lieu, de nouvelles personnes ou de nouvelles règles.', ['Change sa façon de faire quand on le lui demande', 'S’intègre vite dans un nouveau groupe', 'Accepte les changements de planning'], ['nouveau', 'nouvelle', 'déménag', 'changement', 'pays', 'arrivé']),
		s('adaptation', 'stress', 'Gestion du stress', 'Garder son calme et ses moyens quand la pression monte.', ['Respire et reste calme dans le rush', 'Ne s’énerve pas face à une personne agressive', 'Se concentre sur une chose à la fois'], ['stress', 'pression', 'rush', 'urgence', 'examen', 'compétition']),
		s('adaptation', 'perseverance', 'Persévérance', 'Continuer malgré les difficultés et les échecs, jusqu’au bout.', ['Recommence après un échec', 'Ne lâche pas un projet difficile', 'Garde son objectif en tête'], ['entraîn', 'entrain', 'effort', 'persév', 'réussi', 'diplôme', 'permis']),
		s('adaptation', 'reactivite', 'Réactivité', 'Réagir vite et bien quand quelque chose d’inattendu arrive.', ['Agit vite face à un imprévu', 'Prévient la bonne personne', 'Trouve une solution dans l’urgence'], ['imprévu', 'vite', 'rapide', 'urgence', 'accident', 'blessé']),

		// Fiabilité et engagement
		s('engagement', 'responsabilite', 'Sens des responsabilités', 'Prendre en charge ce qu’on nous confie et en répondre.', ['Fait ce qu’on lui a confié', 'Reconnaît ses erreurs', 'Veille sur les personnes ou le matériel confiés'], ['garde', 'enfant', 'frère', 'sœur', 'soeur', 'responsab', 'confié', 'clés']),
		s('engagement', 'fiabilite', 'Fiabilité', 'Tenir ses engagements : on peut compter sur lui ou sur elle.', ['Fait ce qu’il a dit qu’il ferait', 'Est présent quand on l’attend', 'Prévient s’il ne peut pas'], ['chaque semaine', 'tous les', 'régulier', 'engag', 'fidèle']),
		s('engagement', 'motivation', 'Motivation', 'Avoir envie de bien faire et le montrer par son énergie.', ['S’implique dans ce qu’il fait', 'Pose des questions sur le métier', 'Reste motivé même sur des tâches simples'], ['motiv', 'passion', 'envie', 'aime']),
		s('engagement', 'honnetete', 'Honnêteté', 'Dire la vérité et agir de façon loyale, même quand c’est difficile.', ['Rend l’argent ou l’objet trouvé', 'Dit quand il s’est trompé', 'Respecte ce qui appartient aux autres'], ['honnête', 'honnete', 'vérité', 'argent', 'caisse', 'confiance']),
		s('engagement', 'presentation', 'Présentation soignée', 'Adapter sa tenue et son attitude au lieu et aux personnes.', ['Porte une tenue adaptée', 'Soigne son hygiène et son poste', 'Adopte une attitude posée'], ['tenue', 'uniforme', 'hygiène', 'entretien d’embauche']),

		// Curiosité et envie d'apprendre
		s('apprendre', 'curiosite', 'Curiosité', 'S’intéresser à ce qu’on ne connaît pas et chercher à comprendre.', ['Pose des questions sur le pourquoi', 'Cherche des informations par lui-même', 'Essaie de nouvelles choses'], ['curieu', 'découv', 'voyage', 'documentaire', 'chercher']),
		s('apprendre', 'apprendre', 'Envie d’apprendre', 'Vouloir progresser et apprendre de nouvelles choses, y compris seul.', ['Apprend avec des vidéos ou des tutoriels', 'Demande à être formé', 'Note ce qu’il a appris'], ['appris', 'apprend', 'formation', 'tuto', 'cours', 'langue', 'stage']),
		s('apprendre', 'creativite', 'Créativité', 'Imaginer des idées nouvelles ou des façons différentes de faire.', ['Propose des idées originales', 'Crée des objets, des images, de la musique', 'Trouve une autre manière d’expliquer'], ['dessin', 'musique', 'vidéo', 'création', 'créer', 'décor', 'montage', 'rap', 'danse']),
		s('apprendre', 'recul', 'Prise de recul', 'Accepter les remarques et regarder son travail pour s’améliorer.', ['Écoute une critique sans se vexer', 'Explique ce qu’il ferait autrement', 'Demande un retour sur son travail'], ['critique', 'remarque', 'retour', 'erreur', 'amélior']),

		// Entraîner et transmettre
		s('entrainer', 'leadership', 'Esprit d’entraînement', 'Donner envie aux autres d’avancer ensemble et montrer l’exemple.', ['Motive le groupe quand ça va mal', 'Organise les rôles de chacun', 'Montre l’exemple'], ['capitaine', 'chef', 'responsable', 'délégué', 'délégu', 'organisé', 'animat']),
		s('entrainer', 'transmettre', 'Transmission', 'Expliquer et montrer à quelqu’un comment faire, avec patience.', ['Montre les gestes pas à pas', 'Vérifie que l’autre a compris', 'Encourage les progrès'], ['enseign', 'montré', 'appris à', 'aide aux devoirs', 'devoirs', 'entraîneur', 'coach', 'tutorat']),
		s('entrainer', 'mediation', 'Médiation', 'Aider deux personnes en désaccord à se parler et à trouver un terrain d’entente.', ['Écoute les deux côtés', 'Calme le jeu', 'Propose une solution équitable'], ['dispute', 'conflit', 'calmer', 'médiat', 'séparer']),
		s('entrainer', 'confiance', 'Confiance en soi', 'Oser agir, parler et montrer ce qu’on sait faire.', ['Prend la parole en groupe', 'Se présente avec assurance', 'Tente sa chance'], ['oser', 'osé', 'parole', 'scène', 'concours', 'spectacle', 'présenté']),
		s('relation', 'patience', 'Patience', 'Prendre le temps qu’il faut, sans s’énerver, avec les personnes et les tâches.', ['Répète calmement une explication', 'Attend son tour', 'Reste calme avec un enfant ou une personne âgée'], ['enfant', 'petit', 'bébé', 'garde', 'baby', 'personne âgée', 'patien'])
	]
};
