/**
 * Helpers for the end-to-end tests. Import from here:
 *   import { launchBrowser, newMobileContext, visit, signIn, mailsTo } from '../support';
 * See tests/e2e/README.md.
 */
export { publishPhoneSlots } from './agenda';
export { baseUrl, buildDir, server, url, type E2eServer } from './context';
export { demoId } from './demo';
export {
	CHROMIUM_ARGS,
	FAKE_MEDIA_ARGS,
	DEMO_PASSWORD,
	arriveAt,
	checkA11y,
	chromiumPath,
	collectPageErrors,
	horizontalOverflow,
	launchBrowser,
	newDesktopContext,
	newMobileContext,
	openAs,
	screenshot,
	signIn,
	signInWithoutJavaScript,
	visit,
	type A11yOptions,
	type Visitor,
	type VisitOptions
} from './browser';
export { allMails, clearMails, mailsTo, waitForMail, type ReceivedMail } from './mail';
