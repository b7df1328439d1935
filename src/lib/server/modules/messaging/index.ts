import './messaging.errors';
import './messaging.digest';
import './messaging.push';

export { AUTHOR_ROLES, type AuthorRole } from './messaging.schema';
export { MAX_BODY_LENGTH, MAX_GROUP_SIZE, messageBody } from './messaging.validation';
export { groupMessageId, type AttachmentView, type MessageView } from './messaging.repository';
export { MAX_ATTACHMENT_BYTES, type UploadedFile } from './messaging.attachments';
export { readMessageForm } from './messaging.forms';
export { DIGEST_JOB, getDigestPreference, sendUnreadDigests, setDigestPreference } from './messaging.digest';
export { disablePush, enablePush, getPushSettings, PUSH_JOB, pushNotification, sendPushNotifications, sendTestPush, type PushSettings } from './messaging.push';
export { moveConversationToStructure } from './messaging.transfer';
export {
	markRead,
	openConversation,
	postSystemMessage,
	sendMessage,
	sendMessageToYouth,
	sendToGroup,
	SEND_MESSAGE_POLICY,
	throttleSends,
	type GroupOutcome,
	type SendOutcome
} from './messaging.usecases';
export {
	getAttachment,
	getYouthConversation,
	type AttachmentFile,
	listConversationsForStaff,
	listMessages,
	realtimeStreamsFor,
	unreadCount,
	type MessagePage,
	type StaffConversationItem
} from './messaging.queries';
export { conversationStream, structureInboxStream, userStream } from './messaging.streams';
export { countWaitingConversations } from './messaging.counts';
