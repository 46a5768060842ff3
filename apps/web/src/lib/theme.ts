// The theme choice; public/theme.js owns applying it (before first paint, and on system or
// other-tab changes), so the app only stores the choice and asks that script to apply it.

export type ThemeChoice = "light" | "dark" | "system";

const KEY = "parley.theme";

export function readThemeChoice(): ThemeChoice {
  const value = document.documentElement.dataset.themeChoice;
  return value === "light" || value === "dark" ? value : "system";
}

export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage refused (private mode): the page keeps following the system.
  }
  window.dispatchEvent(new Event("parley-theme"));
}
