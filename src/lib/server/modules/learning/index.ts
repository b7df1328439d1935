import { registerPurge } from '$lib/server/platform/maintenance/maintenance';
import { purgeUnclaimedGuestProgress } from './learning.usecases';
import './learning.errors';

registerPurge(purgeUnclaimedGuestProgress);

export { MODULE_SCOPES, MODULE_STATUSES, type ModuleScope, type ModuleStatus } from './learning.schema';
export { createLearningRepository, learnerOf, type Viewer } from './learning.repository';
export { claimGuestProgress, recordAnswers, startAttempt, type AnswerOutcome, type AttemptOutcome } from './learning.usecases';
export {
	getCatalogue,
	getLearnerSummary,
	getModuleOverview,
	getPlayState,
	getVersionContent,
	getYouthLearningProgress,
	type Catalogue,
	type CatalogueModule,
	type ModuleOverview,
	type PlayState,
	type YouthLearningProgress
} from './learning.queries';
export { catalogueFiles, loadCatalogue, publishVersion } from './learning.catalogue';
export { checkModuleContent, normalizeModule, type ContentCheck, type ContentIssue } from './learning.validation';
export { responseFromForm } from './learning.forms';
export { clearGuestId, ensureGuestId, guestIdFor, NEW_GUEST_POLICY, GUEST_COOKIE, GUEST_RETENTION_DAYS, readGuestId } from './learning.guest';
export type { ModuleProgress, LearnerSummary } from './learning.progress';
export {
	addStep,
	canAuthorModules,
	choiceRowsFor,
	createModule,
	deleteStep,
	exportModule,
	getModuleForEditing,
	importModule,
	listAuthorableModules,
	moveStep,
	newModuleScopes,
	publishModule,
	saveStepForm,
	scopesFor,
	stepFormValues,
	stepFromForm,
	unpublishModule,
	updateModuleMeta,
	updateStep,
	CHOICE_ROWS,
	IMPORT_MAX_BYTES as MODULE_IMPORT_MAX_BYTES,
	ITEM_ROWS,
	SCOPE_LABELS,
	STATUS_LABELS,
	STEP_KINDS,
	type AuthorableModule,
	type ImportIssue,
	type ImportResult,
	type ModuleForEditing,
	type PublishIssue,
	type PublishResult,
	type StepKind
} from './learning.authoring';
