import './staff.errors';

export {
	acceptInvitation,
	findUsableInvitation,
	invitableRoles,
	inviteStaff,
	revokeInvitation
} from './staff.usecases';
export {
	listPendingInvitations,
	listPendingNetworkInvitations,
	listStaff,
	type PendingInvitation,
	type StaffMember
} from './staff.queries';
export {
	acceptInvitationInput,
	invitationInput,
	INVITABLE_ROLES,
	ROLE_LABELS,
	type AcceptInvitationInput,
	type InvitableRole,
	type InvitationInput
} from './staff.validation';
export { INVITATION_DAYS } from './staff.tokens';
