import './workshops.errors';

export {
	WORKSHOP_MODES,
	WORKSHOP_PHASES,
	type WorkshopMode,
	type WorkshopPhase,
	type WorkshopQuestion,
	type WorkshopRow
} from './workshops.schema';
export { workshopNotFound } from './workshops.errors';
export {
	createWorkshopsRepository,
	isUuid as isWorkshopId,
	workshopStaffStream,
	workshopStream,
	type WorkshopsRepository
} from './workshops.repository';
// Live session (see README, "Live session")
export { type WorkshopPlayerRow, type WorkshopAnswerRow } from './workshops.schema';
export {
	controlWorkshop,
	findWorkshopByCode,
	JOIN_CODE_POLICY,
	joinWorkshop,
	openLobby,
	playerFromSecret,
	playerStatus,
	removePlayer,
	submitAnswer,
	submitAnswerWithSecret
} from './workshops.live';
export { getPlayerSnapshot, getPlayerSnapshotBySecret, getPresenterSnapshot, isRevealed, publicStateOf } from './workshops.snapshots';
export { checkNickname, NICKNAME_MAX, NICKNAME_MIN, type NicknameCheck, type NicknameProblem } from './workshops.nicknames';
export { distributionOf, playerQuestionOf, pointsFor, rankRows, revealOf } from './workshops.scoring';
// Planning (see README, "Planning")
export {
	addAdHocQuestion,
	addModuleQuestions,
	createWorkshop,
	deleteWorkshop,
	inviteYouth,
	registerForWorkshop,
	moveQuestion,
	publishReplay,
	removeQuestion,
	replayContent,
	replaySlugOf,
	uninviteYouth,
	updateWorkshop
} from './workshops.usecases';
export {
	getWorkshopForStaff,
	getYouthWorkshops,
	listInvitableYouth,
	listWorkshopSites,
	listWorkshopsForStaff,
	listWorkshopsForYouth,
	listOpenWorkshopsForYouth,
	type OpenWorkshopItem,
	MODE_LABELS as WORKSHOP_MODE_LABELS,
	PHASE_LABELS as WORKSHOP_PHASE_LABELS,
	type AttendedWorkshop,
	type StaffWorkshopDetails,
	type StaffWorkshopItem,
	type YouthWorkshopItem
} from './workshops.queries';
export { AD_HOC_CHOICES, DURATIONS as WORKSHOP_DURATIONS, MAX_QUESTIONS as WORKSHOP_MAX_QUESTIONS } from './workshops.validation';
// Results and replay (see README, "Results and replay")
export {
	csvCell,
	getWorkshopResults,
	workshopResultsCsv,
	type ParticipantResult,
	type QuestionResult,
	type WorkshopResults
} from './workshops.results';
