import { registerAchievementSource } from '../badges';
import { registerPurge } from '../../platform/maintenance/maintenance';
import { diagnosticAchievements } from './diagnostic.achievements';
import { purgeUnclaimedGuestDiagnostics } from './diagnostic.usecases';
import './diagnostic.errors';

registerPurge(purgeUnclaimedGuestDiagnostics);
registerAchievementSource('diagnostic_area', diagnosticAchievements);

export { AREAS, AREA_CODES, ITEMS, SELF_OPTIONS, type Area, type AreaCode, type PublicItem, type Option } from './diagnostic.content';
export { answerFieldsFrom, LEVELS, MAX_TEXT, type AreaResult, type Feedback, type Level, type Outcome } from './diagnostic.scoring';
export { answerItem, claimGuestDiagnostics, startDiagnostic, type Viewer } from './diagnostic.usecases';
export {
	getDiagnosticState,
	getLatestResult,
	getStep,
	getYouthDiagnostics,
	LEVEL_LABELS,
	type AreaView,
	type Correction,
	type DiagnosticState,
	type ResultView,
	type StepView,
	type YouthDiagnostics
} from './diagnostic.queries';
export { diagnosticAchievements } from './diagnostic.achievements';
