export * from './mail';
export { outboxMessages } from './mail.schema';
