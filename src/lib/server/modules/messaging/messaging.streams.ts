/** Realtime stream names of the module (the SSE route lets an actor listen only to their own). */
export const conversationStream = (conversationId: string) => `conversation:${conversationId}`;
export const userStream = (userId: string) => `user:${userId}`;
/** The staff inbox of a structure: a hint that the queue changed (no message text in it). */
export const structureInboxStream = (structureId: string) => `structure:${structureId}`;
