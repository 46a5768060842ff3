import { adminRouter } from "./admin/router.js";
import { authRouter } from "./auth/router.js";
import { chatRouter } from "./chat/router.js";
import { keysRouter } from "./keys/router.js";
import { modelsRouter } from "./models/router.js";
import { runsRouter } from "./runs/router.js";
import { sessionsRouter } from "./sessions/router.js";
import { sharesRouter } from "./shares/router.js";
import { syncRouter } from "./sync/router.js";
import { createCallerFactory, router } from "./trpc.js";
import { usageRouter } from "./usage/router.js";

export const appRouter = router({
  auth: authRouter,
  models: modelsRouter,
  runs: runsRouter,
  sessions: sessionsRouter,
  chat: chatRouter,
  admin: adminRouter,
  keys: keysRouter,
  shares: sharesRouter,
  sync: syncRouter,
  usage: usageRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server-side jobs, tests), with the same context as over the wire. */
export const createCaller = createCallerFactory(appRouter);
