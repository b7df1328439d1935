import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: the secret put in the invitation link. Only its hash is stored. */
export const newInvitationToken = () => randomBytes(32).toString('base64url');
export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const INVITATION_DAYS = 7;
