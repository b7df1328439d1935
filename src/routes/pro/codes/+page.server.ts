import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import {
	activationQrSvg,
	activationUrl,
	createActivationCode,
	listActivationCodes,
	revokeActivationCode
} from '$lib/server/modules/activation';
import { can } from '$lib/server/platform/access';
import { handleForm } from '$lib/server/platform/http/forms';
import type { Actions, PageServerLoad } from './$types';

const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const dayShort = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Paris' });

function publicOrigin(publicUrl: string | null, url: URL): string {
	return publicUrl ? new URL(publicUrl).origin : url.origin;
}

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	if (!actor || !can(actor, 'read', 'activation_code', { structureId: actor.structureId, networkId: actor.networkId })) {
		error(403, 'Les codes d’activation sont créés par les conseillers et conseillères et par la direction d’une Mission Locale.');
	}
	const app = await getApp();
	const codes = await listActivationCodes(app, actor);
	return {
		isManager: actor.role === 'structure_manager',
		codes: codes.map((c) => ({
			id: c.id,
			youthName: c.youthName,
			counselorName: c.counselorName,
			mine: c.mine,
			status: c.status,
			statusLabel: c.statusLabel,
			createdOn: dayShort.format(c.createdAt),
			expiresOn: dayShort.format(c.expiresAt),
			usedOn: c.usedAt ? dayShort.format(c.usedAt) : null
		}))
	};
};

export const actions: Actions = {
	creer: async ({ request, locals, url }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			const created = await createActivationCode(app, locals.actor, values);
			const origin = publicOrigin(app.config.publicUrl, url);
			const link = activationUrl(origin, created.code);
			return {
				created: {
					code: created.code,
					firstName: created.firstName,
					lastName: created.lastName,
					expiresOn: day.format(created.expiresAt),
					link,
					activationPage: `${new URL(origin).host}/activer`,
					qrSvg: await activationQrSvg(link)
				}
			};
		});
	},

	revoquer: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await revokeActivationCode(app, locals.actor, values.id ?? '');
			return { revoked: true };
		});
	}
};
