import './badges.errors';
import { completedModules } from './badges.learning';
import { registerAchievementSource } from './badges.sources';

registerAchievementSource('learning_module', completedModules);

export {
	registerAchievementSource,
	type Achievement,
	type AchievementKind,
	type AchievementSource
} from './badges.sources';
export { issueBadge, revokeBadge, type BadgeRow } from './badges.usecases';
export { getKeyDocument, getMyBadges, getOwnBadge, getPublicBadge, listYouthBadges, type BadgeSummary, type PublicBadge } from './badges.queries';
export { readPresented, verifyBadge, MAX_PRESENTED_BYTES, type Verification, type VerifiedBadge } from './badges.verification';
export { badgePng, bakePng, extractBakedCredential } from './badges.image';
export { KIND_LABELS, publicOrigin } from './badges.credential';
