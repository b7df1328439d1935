// Public API of the CV module (issue "CV builder made for a phone"): for now the document model,
// its validation and the renderers; the builder, storage, sharing and comments come next.
export { checkCv, type CvFinding, type CvSection } from './cv.checks';
export { fromJsonResume, JsonResumeError, toJsonResume, toPlainText } from './cv.exports';
export { fontPath, unsupportedCharacters } from './cv.fonts';
export { MAX_PHRASING_INPUT, proposePhrasing, type PhrasingProposal, type PhrasingResult } from './cv.phrasing';
export { renderCvHtml, type CvHtmlOptions } from './cv.html';
export { renderCvPdf, type CvPdfOptions } from './cv.pdf';
export { applyCvOperation, CvOperationError, cvOperation, type CvOperation, type CvState } from './cv.operations';
export { cvContent, cvDraft, type CvDraft, CV_TEMPLATES, EXPERIENCE_KINDS, type CvContent, type CvContentInput, type CvTemplate, type ExperienceKind } from './cv.validation';
