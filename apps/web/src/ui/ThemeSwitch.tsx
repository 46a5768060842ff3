import { useState } from "react";
import { readThemeChoice, setThemeChoice, type ThemeChoice } from "../lib/theme";

const labels: Record<ThemeChoice, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

/** Light, dark, or whatever the system uses; remembered on this browser. */
export function ThemeSwitch() {
  const [choice, setChoice] = useState(readThemeChoice);
  return (
    <select
      className="theme-switch"
      aria-label="Theme"
      title="Theme: light, dark, or follow the system"
      value={choice}
      onChange={(event) => {
        const next = event.target.value as ThemeChoice;
        setThemeChoice(next);
        setChoice(next);
      }}
    >
      {(Object.keys(labels) as ThemeChoice[]).map((value) => (
        <option key={value} value={value}>
          {labels[value]}
        </option>
      ))}
    </select>
  );
}
