// Runs before the app's bundle has even downloaded (a plain blocking script in <head>), so the
// sign-in check, a refresh-cookie round trip every data request waits for, overlaps the bundle's
// download and parsing instead of following them. The app's SessionManager takes the answer
// (auth/browser-auth.ts `takeBootRefresh`); the access token stays in memory, never in storage.
// Under the same Web Lock as the app's refreshes: the API revokes a user's sessions when a
// rotated refresh cookie is used twice, so two tabs loading at once must take turns.
(function () {
  function refresh() {
    return fetch("/auth/browser/refresh", { method: "POST", credentials: "same-origin" }).then(function (response) {
      // The lock is held until the answer (and with it the rotated cookie) has fully arrived.
      return response
        .clone()
        .arrayBuffer()
        .then(function () {
          return response;
        });
    });
  }
  var locks = navigator.locks;
  window.parleyBootRefresh = locks ? locks.request("parley-token-refresh", refresh) : refresh();
  // Handled by the app; this keeps an offline page from reporting an unhandled rejection first.
  window.parleyBootRefresh.catch(function () {});
})();
