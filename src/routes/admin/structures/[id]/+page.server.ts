import { error } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { handleForm } from '$lib/server/platform/http/forms';
import { archiveSite, getStructureAdmin, summarizeHours, updateStructure } from '$lib/server/modules/structures';
import { invitableRoles, inviteStaff, listPendingInvitations, listStaff, revokeInvitation, ROLE_LABELS } from '$lib/server/modules/staff';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const app = await getApp();
	const actor = locals.actor!;
	const admin = await getStructureAdmin(app.db, actor, params.id);
	if (!admin) error(404, "Cette Mission Locale n'existe pas ou n'est pas dans votre périmètre.");
	const [staff, invitations] = await Promise.all([
		listStaff(app.db, actor, params.id),
		listPendingInvitations(app.db, actor, params.id, app.now())
	]);
	const siteNames = new Map(admin.sites.map((s) => [s.id, s.name]));
	const now = app.now();
	return {
		structure: {
			id: admin.structure.id,
			name: admin.structure.name,
			networkName: admin.structure.networkName,
			email: admin.structure.email ?? '',
			phone: admin.structure.phone ?? '',
			website: admin.structure.website ?? ''
		},
		sites: admin.sites.map((s) => ({
			id: s.id,
			name: s.name,
			address: `${s.addressLine}, ${s.postalCode} ${s.city}`,
			phone: s.phone,
			hours: summarizeHours(s.openingHours, now).week.filter((d) => d.text !== 'fermé')
		})),
		communes: admin.communes,
		staff: staff.map((m) => ({ ...m, siteName: m.siteId ? (siteNames.get(m.siteId) ?? null) : null })),
		invitations: invitations.map((i) => ({
			...i,
			siteName: i.siteId ? (siteNames.get(i.siteId) ?? null) : null,
			expiresOn: i.expiresAt.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', timeZone: 'Europe/Paris' })
		})),
		roles: invitableRoles(actor)
			.filter((r) => r === 'counselor' || r === 'structure_manager')
			.map((r) => ({ value: r, label: ROLE_LABELS[r] }))
	};
};

export const actions: Actions = {
	details: async ({ request, locals, params }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await updateStructure(app, locals.actor, params.id, values);
			return { saved: 'details' as const };
		});
	},
	invite: async ({ request, locals, params, url }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await inviteStaff(app, locals.actor, { ...values, structureId: params.id, origin: url.origin });
			return { saved: 'invite' as const, invitedEmail: values.email?.trim().toLowerCase() };
		});
	},
	revoke: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await revokeInvitation(app, locals.actor, values.invitationId ?? '');
			return { saved: 'revoke' as const };
		});
	},
	archiveSite: async ({ request, locals }) => {
		const app = await getApp();
		return handleForm(request, async (values) => {
			await archiveSite(app, locals.actor, values.siteId ?? '');
			return { saved: 'archiveSite' as const };
		});
	}
};
