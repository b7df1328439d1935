import './messaging.errors';

export { AUTHOR_ROLES, type AuthorRole } from './messaging.schema';
export { MAX_BODY_LENGTH, MAX_GROUP_SIZE, messageBody } from './messaging.validation';
export { groupMessageId, type MessageView } from './messaging.repository';
export {
	markRead,
	openConversation,
	sendMessage,
	sendToGroup,
	SEND_MESSAGE_POLICY,
	throttleSends,
	type GroupOutcome,
	type SendOutcome
} from './messaging.usecases';
export {
	getYouthConversation,
	listConversationsForStaff,
	listMessages,
	realtimeStreamsFor,
	unreadCount,
	type MessagePage,
	type StaffConversationItem
} from './messaging.queries';
export { conversationStream, structureInboxStream, userStream } from './messaging.streams';
