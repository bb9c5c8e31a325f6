// Service worker of the phone survey form: keeps the last good copy of the form page and its scripts and
// styles, so that reloading the form without network still opens it (answers are queued by survey-fill.js).
var CACHE = 'zhian-survey-v1';
var SHELL = ['/survey/fill', '/css/zhian.css', '/js/zhian.js', '/js/survey-fill.js',
  '/webjars/bootstrap/dist/css/bootstrap.min.css', '/webjars/bootstrap/dist/js/bootstrap.bundle.min.js',
  '/webjars/htmx.org/dist/htmx.min.js'];
self.addEventListener('install', function (event) {
  // the signed-in user's form page and what it needs, fetched once now (with the session cookie)
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
    .catch(function () { /* a later online visit fills the cache */ }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var path = new URL(request.url).pathname;
  var page = path === '/survey/fill';
  var asset = path.indexOf('/js/') === 0 || path.indexOf('/css/') === 0 || path.indexOf('/webjars/') === 0;
  if (!page && !asset) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) {
      return hit || (page ? caches.match('/survey/fill', { ignoreSearch: true }) : undefined) || Response.error();
    });
  }));
});
