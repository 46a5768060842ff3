import type { AppRouter } from "@parley/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/** tRPC's TanStack Query integration: `useTRPC()` gives query and mutation options for every procedure. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
