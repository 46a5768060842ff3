import { defaultClientConditions, defaultServerConditions, type UserConfig } from "vite";

// Tests import workspace packages as TypeScript source (the `@parley/source` export condition,
// also set in packages/tsconfig/base.json), so no build is needed to run them. Each project
// config spreads this; Vite's own default conditions are kept.
export const workspaceSource = {
  resolve: { conditions: ["@parley/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@parley/source", ...defaultServerConditions] } },
  // Vitest loads global setup files in an environment of its own, named so.
  environments: { __vitest__: { resolve: { conditions: ["@parley/source", ...defaultServerConditions] } } },
} satisfies UserConfig;
