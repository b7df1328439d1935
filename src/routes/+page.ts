// The public home is the entry for young people on small data plans: it ships no framework
// JavaScript. /pwa.js (a few hundred bytes) registers the service worker and drives the offline banner.
export const csr = false;
