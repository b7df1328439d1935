// Public API of the CV module (issue "CV builder made for a phone"): the document model, its
// storage and operations, the renderers, exports, phrasing helper and checks. The builder's pages,
// sharing and comments come next.
import { registerPurge } from '$lib/server/platform/maintenance/maintenance';
import './cv.errors';
import { purgeOldShareLinks } from './cv.sharing';
import { purgeOldCvOperations } from './cv.usecases';

registerPurge(purgeOldCvOperations);
registerPurge(purgeOldShareLinks);

export { MAX_CVS_PER_YOUTH } from './cv.errors';
export {
	applyCvOperations,
	createCv,
	deleteCv,
	getCv,
	listCvs,
	MAX_JSON_RESUME_BYTES,
	MAX_OPERATIONS_PER_BATCH,
	updateCvDetails,
	type CvRecord,
	type CvSummary,
	type OperationOutcome
} from './cv.usecases';
export { checkCv, type CvFinding, type CvSection } from './cv.checks';
export { fieldName, operationsFromForm } from './cv.steps';
export { softSkillSuggestionsFor, suggestedSkills, suggestedSoftSkills, type SkillsContext } from './cv.skills';
export {
	addComment,
	countOpenComments,
	createShareLink,
	CV_COMMENT_SECTIONS,
	getSharedCvForStaff,
	getSharingState,
	isLinkPreview,
	listComments,
	listCommentsForStaff,
	listShareLinks,
	listSharedCvsOfYouth,
	MAX_ACTIVE_SHARE_LINKS,
	MAX_COMMENT_LENGTH,
	openSharedCv,
	readSharedCv,
	resolveComment,
	revokeShareLink,
	SHARE_LINK_DAYS,
	sharedCvPdf,
	sharedCvPhoto,
	sharedCvPhotoForStaff,
	shareLinkQrSvg,
	shareLinkUrl,
	shareWithStaff,
	unshareWithStaff,
	type CommentView,
	type CvCommentSection,
	type SharedCv,
	type SharingState,
	type ShareLinkDays,
	type ShareLinkView,
	type StaffSharedCvItem
} from './cv.sharing';
export { copyCvPhoto, getOwnCvPhoto, MAX_CV_PHOTO_BYTES, removeCvPhoto, setCvPhoto, type CvPhoto } from './cv.photo';
export {
	CV_STEPS,
	cvProgress,
	downloadCv,
	getCvOverview,
	STEP_OF_SECTION,
	type CvCheckGroup,
	type CvDownload,
	type CvDownloadFormat,
	type CvOverview,
	type CvStepProgress,
	type CvStepSlug
} from './cv.queries';
export { fromJsonResume, JsonResumeError, toJsonResume, toPlainText } from './cv.exports';
export { fontPath, unsupportedCharacters } from './cv.fonts';
export { MAX_PHRASING_INPUT, proposePhrasing, type PhrasingProposal, type PhrasingResult } from './cv.phrasing';
export { renderCvHtml, type CvHtmlOptions } from './cv.html';
export { renderCvPdf, type CvPdfOptions } from './cv.pdf';
export { applyCvOperation, CvOperationError, cvOperation, type CvOperation, type CvState } from './cv.operations';
export { cvContent, cvDraft, type CvDraft, CV_TEMPLATES, EXPERIENCE_KINDS, type CvContent, type CvContentInput, type CvTemplate, type ExperienceKind } from './cv.validation';
