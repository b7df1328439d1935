export * from './push';
export { pushSubscriptions, pushVapidKeys } from './push.schema';
