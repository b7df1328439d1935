// Served by the service worker in place of any page that is not available offline: it must not
// hydrate as if it were that page, so it ships no framework JavaScript (/pwa.js drives the banner).
export const csr = false;
