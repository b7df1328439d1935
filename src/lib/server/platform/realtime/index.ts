import { registerPurge } from '../maintenance/maintenance';
import { purgeOldRealtimeEvents } from './realtime';

registerPurge(purgeOldRealtimeEvents);

export {
	publishEvent,
	publishEvents,
	publishEventsInTransaction,
	PUBLISH_LOCK_KEY,
	latestEventId,
	purgeOldRealtimeEvents,
	REALTIME_CHANNEL,
	REALTIME_RETENTION_DAYS,
	type RealtimeEventInput
} from './realtime';
export {
	createRealtimeHub,
	getRealtimeHub,
	offerCommittedEvents,
	type RealtimeEvent,
	type RealtimeHub,
	type RealtimeHubOptions,
	type RealtimeListener
} from './hub';
export { formatEvent, HEARTBEAT_MS, lastEventIdFrom, RETRY_MS, sseResponse, type SseOptions } from './sse';
export { realtimeEvents } from './realtime.schema';
