// `pnpm lint`: ESLint with typescript-eslint over every package, zero warnings allowed.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", "**/generated/**", "**/.data/**", "test-artifacts/**", "**/*.d.ts", "**/*.d.mts"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its error: await it, return it, or mark it `void`.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Tool configuration files sit outside every tsconfig (they are not part of a build):
    // linted without type information rather than each added to a project.
    files: ["**/*.config.ts"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false } },
  },
  {
    // The environment is read and validated once per deployable, in its env.ts.
    files: ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.mjs"],
    // packages/db/scripts and prisma.config.ts: the Prisma CLI's wrapper and its own config,
    // which hand the whole environment to Prisma.
    ignores: ["**/env.ts", "packages/db/scripts/**", "prisma.config.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read the environment in an env.ts file only." },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // Plain scripts the web app serves as they are (public/theme.js, session-boot.js run before the bundle).
    files: ["apps/web/public/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: { window: "readonly", document: "readonly", localStorage: "readonly", fetch: "readonly", navigator: "readonly" },
    },
  },
);
