// Public API of the soft-skills module (issue 6): the referential (versioned, admin-edited),
// identification by situations and from experiences, confirmation by others, the profile, and
// what it feeds: the CV builder (labels) and the badges (confirmed skills).
import { registerAchievementSource } from '../badges';
import './soft-skills.errors';
import { confirmedSoftSkills } from './soft-skills.usecases';

registerAchievementSource('soft_skill', confirmedSoftSkills);

export { EXPERIENCE_KINDS, type ExperienceKind, type SoftSkill, type SoftSkillFamily, type SoftSkillReferentialContent } from './soft-skills.schema';
export {
	addSkill,
	discardDraft,
	ensureReferential,
	getReferentialForAdmin,
	publishDraft,
	publishedReferential,
	setSkillRetired,
	updateSkill,
	type Referential,
	type ReferentialAdminView
} from './soft-skills.referential';
export { SITUATIONS, type Situation } from './soft-skills.situations';
export {
	answerConfirmation,
	confirmAsStaff,
	confirmedSoftSkills,
	createConfirmationLink,
	createExperience,
	getExperience,
	getMyProfile,
	getMySkill,
	getProfileForStaff,
	LINK_DAYS,
	listActiveSkills,
	listSelectedSoftSkillLabels,
	MAX_PENDING_LINKS_PER_SKILL,
	openConfirmation,
	pickSkills,
	removeSkill,
	revokeConfirmationLink,
	suggestFromSituations,
	type ConfirmationRequest,
	type ConfirmationView,
	type FamilyScore,
	type LinkView,
	type ProfileSkill,
	type SkillSuggestion,
	type SoftSkillProfile
} from './soft-skills.usecases';
