/**
 * Modules that register purges or job handlers at load time (`registerPurge`,
 * `registerJobHandler`). `getApp()` imports this file before the jobs worker starts, so that a job
 * is never claimed by a process that does not know its kind. One line per module.
 */
import './modules/learning';
import './modules/messaging';
