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
