/**
 * Modules that register purges, job handlers or navigation badges at load time (`registerPurge`,
 * `registerJobHandler`, `registerNavBadge`). `getApp()` imports this file before the jobs worker starts, so that a job
 * is never claimed by a process that does not know its kind. One line per module.
 */
import './modules/learning';
import './modules/messaging';
import './modules/contact-requests';
import './modules/appointments';
import './modules/badges';
import './modules/diagnostic';
import './modules/soft-skills';
