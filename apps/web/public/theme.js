// Runs before the app's first paint (a plain blocking script, so the page never flashes the wrong
// theme; a file rather than an inline script so the CSP can keep script-src 'self').
// The choice ("light", "dark" or "system") is kept in localStorage under "parley.theme"; the page
// gets the resolved one as <html data-theme="light|dark">, which tokens.css keys its colours on.
(function () {
  var KEY = "parley.theme";
  var dark = window.matchMedia("(prefers-color-scheme: dark)");

  function choice() {
    try {
      var value = localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : "system";
    } catch {
      return "system";
    }
  }

  function apply() {
    var picked = choice();
    var resolved = picked === "system" ? (dark.matches ? "dark" : "light") : picked;
    document.documentElement.dataset.theme = resolved;
    document.documentElement.dataset.themeChoice = picked;
  }

  apply();
  // The system switching to dark at dusk, or another tab picking a theme.
  dark.addEventListener("change", apply);
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) apply();
  });
  window.addEventListener("parley-theme", apply);
})();
