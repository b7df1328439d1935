import './structures.errors';

export type { OpeningHours } from './structures.schema';
export {
	createStructuresRepository,
	type SiteRow,
	type StructureRow,
	type StructuresRepository
} from './structures.repository';
export { archiveSite, createSite, updateSite, updateStructure } from './structures.usecases';
export { ALSACE_MOSELLE, departmentOf, isPublicHoliday, publicHolidaysOf } from './structures.holidays';
export {
	findActiveStructure,
	followUpSettingsInput,
	getFollowUpSettings,
	getMyStructureSettings,
	listTransferTargets,
	normalizeFrenchPhone,
	updateFollowUpSettings,
	type FollowUpSettings,
	type FollowUpSettingsInput
} from './structures.settings';
export {
	importCoverage,
	IMPORT_MAX_BYTES,
	IMPORT_MAX_LINES,
	type CoverageImportReport,
	type ImportedLine,
	type RejectedLine
} from './structures.coverage';
export {
	addClosure,
	closureInput,
	closureOn,
	closuresOf,
	closureToAnnounce,
	listMyClosures,
	MAX_CLOSURE_DAYS,
	parseCalendarDate,
	removeClosure,
	type Closure,
	type ClosureInput
} from './structures.closures';
export {
	closedDaysOf,
	findNetworkName,
	findStructurePlace,
	getAdminOverview,
	getSiteAdmin,
	getStructureAdmin,
	openingCalendarOfStructure,
	openingHoursOfStructure,
	publicHoursOf,
	listStructuresInScope,
	siteBelongsTo,
	sitesOfStructure,
	videoFallbackOf,
	type StructureOverview
} from './structures.queries';
export {
	findCommune,
	findCommuneByName,
	findCommunesByPostalCode,
	findDepartment,
	findMissionLocaleFor,
	findRegion,
	normalizeName,
	searchCommunes,
	type Commune,
	type MissionLocaleMatch,
	type PublicSite
} from './structures.territory';
export { DAY_NAMES, formatRanges, formatTime, summarizeHours, weekdayInFrance, type HoursSummary } from './structures.hours';
export {
	checkOpeningHours,
	openingHoursFromForm,
	openingHoursToForm,
	siteInput,
	structureDetailsInput,
	type SiteInput,
	type StructureDetailsInput
} from './structures.validation';
