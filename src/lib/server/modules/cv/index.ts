// Public API of the CV module (issue "CV builder made for a phone"): the document model, its
// storage and operations, the renderers, exports, phrasing helper and checks. The builder's pages,
// sharing and comments come next.
import { registerPurge } from '$lib/server/platform/maintenance/maintenance';
import './cv.errors';
import { purgeOldCvOperations } from './cv.usecases';

registerPurge(purgeOldCvOperations);

export { MAX_CVS_PER_YOUTH } from './cv.errors';
export {
	applyCvOperations,
	createCv,
	deleteCv,
	getCv,
	listCvs,
	MAX_OPERATIONS_PER_BATCH,
	updateCvDetails,
	type CvRecord,
	type CvSummary,
	type OperationOutcome
} from './cv.usecases';
export { checkCv, type CvFinding, type CvSection } from './cv.checks';
export { fromJsonResume, JsonResumeError, toJsonResume, toPlainText } from './cv.exports';
export { fontPath, unsupportedCharacters } from './cv.fonts';
export { MAX_PHRASING_INPUT, proposePhrasing, type PhrasingProposal, type PhrasingResult } from './cv.phrasing';
export { renderCvHtml, type CvHtmlOptions } from './cv.html';
export { renderCvPdf, type CvPdfOptions } from './cv.pdf';
export { applyCvOperation, CvOperationError, cvOperation, type CvOperation, type CvState } from './cv.operations';
export { cvContent, cvDraft, type CvDraft, CV_TEMPLATES, EXPERIENCE_KINDS, type CvContent, type CvContentInput, type CvTemplate, type ExperienceKind } from './cv.validation';
