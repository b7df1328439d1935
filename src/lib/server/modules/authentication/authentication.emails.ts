import type { Audience } from './authentication.password-policy';

/**
 * Texts of the messages this module sends, in plain French: a text version and a simple HTML one.
 * Youth are addressed with "tu", professionals with "vous".
 */

export interface EmailContent {
	subject: string;
	text: string;
	html: string;
}

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(paragraphs: string[]): string {
	return [
		'<!doctype html><html lang="fr"><body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1d1d1f">',
		...paragraphs.map((p) => `<p>${p}</p>`),
		'<p style="color:#545459">L’équipe Tremplin</p>',
		'</body></html>'
	].join('\n');
}

export function signInCodeEmail(input: { firstName: string; code: string; minutes: number; audience: Audience }): EmailContent {
	const { firstName, code, minutes } = input;
	const youth = input.audience === 'youth';
	const lines = youth
		? [
				`Bonjour ${firstName},`,
				`Voici ton code pour te connecter à Tremplin : ${code}`,
				`Il marche pendant ${minutes} minutes, une seule fois.`,
				`Ne le donne à personne, même à quelqu’un qui dit travailler pour la Mission Locale.`,
				`Tu n’as rien demandé ? Ignore ce message : ton compte reste protégé.`
			]
		: [
				`Bonjour ${firstName},`,
				`Voici votre code de connexion à Tremplin : ${code}`,
				`Il est valable ${minutes} minutes et ne sert qu’une fois.`,
				`Ne le communiquez à personne.`,
				`Vous n’êtes pas à l’origine de cette demande ? Ignorez ce message : votre compte reste protégé.`
			];
	return {
		subject: youth ? 'Ton code de connexion Tremplin' : 'Votre code de connexion Tremplin',
		text: [...lines, '', 'L’équipe Tremplin'].join('\n'),
		html: layout(
			lines.map((l, i) =>
				i === 1
					? `${escapeHtml(l.slice(0, l.lastIndexOf(':') + 1))}<br><strong style="font-size:28px;letter-spacing:4px">${code}</strong>`
					: escapeHtml(l)
			)
		)
	};
}

export function signInCodeSms(input: { code: string; minutes: number; audience: Audience }): string {
	return input.audience === 'youth'
		? `Tremplin : ton code de connexion est ${input.code}. Il marche ${input.minutes} min. Ne le donne à personne.`
		: `Tremplin : votre code de connexion est ${input.code}. Valable ${input.minutes} min. Ne le communiquez à personne.`;
}

export function passwordResetEmail(input: { firstName: string; link: string; audience: Audience }): EmailContent {
	const { firstName, link } = input;
	const youth = input.audience === 'youth';
	const before = youth
		? [`Bonjour ${firstName},`, 'Tu as demandé à changer ton mot de passe Tremplin.', 'Pour en choisir un nouveau, ouvre ce lien :']
		: [
				`Bonjour ${firstName},`,
				'Vous avez demandé à changer votre mot de passe Tremplin.',
				'Pour en choisir un nouveau, ouvrez ce lien :'
			];
	const after = youth
		? [
				'Le lien marche pendant 1 heure, une seule fois.',
				'Tu n’as rien demandé ? Ignore ce message : ton mot de passe ne change pas.'
			]
		: [
				'Ce lien est valable 1 heure et ne sert qu’une fois.',
				'Vous n’êtes pas à l’origine de cette demande ? Ignorez ce message : votre mot de passe ne change pas.'
			];
	return {
		subject: youth ? 'Changer ton mot de passe Tremplin' : 'Changer votre mot de passe Tremplin',
		text: [...before, link, '', ...after, '', 'L’équipe Tremplin'].join('\n'),
		html: layout([
			...before.map(escapeHtml),
			`<a href="${escapeHtml(link)}" style="display:inline-block;padding:12px 20px;background:#0b5f57;color:#fff;border-radius:999px;text-decoration:none;font-weight:700">Choisir un nouveau mot de passe</a>`,
			`<span style="color:#545459">${youth ? 'Si le bouton ne marche pas, copie' : 'Si le bouton ne fonctionne pas, copiez'} cette adresse dans le navigateur :</span><br>${escapeHtml(link)}`,
			...after.map(escapeHtml)
		])
	};
}
