// For pages rendered without the SvelteKit client (the public home): registers the service worker
// and shows the offline banner. Pages with the client do the same from the root layout.
(function () {
	if ('serviceWorker' in navigator) navigator.serviceWorker.register('/service-worker.js').catch(function () {});
	function update() {
		var banners = document.querySelectorAll('[data-offline-banner]');
		for (var i = 0; i < banners.length; i++) banners[i].hidden = navigator.onLine;
	}
	addEventListener('online', update);
	addEventListener('offline', update);
	update();
})();
