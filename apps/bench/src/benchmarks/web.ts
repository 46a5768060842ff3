import { availableParallelism, loadavg } from "node:os";
import type { Browser } from "playwright-core";
import type { Benchmark } from "../benchmark.js";
import { launchBrowser, signedInContext, signUp } from "../web/browser.js";
import { buildBoth } from "../web/build.js";
import { measureInitialJs } from "../web/initial-js.js";
import { measureOpens } from "../web/open-conversation.js";
import { reportConnections, reportInitialJs, reportOpens } from "../web/report.js";
import { seedBranchedConversation, seedConversation, type SeededConversation } from "../web/seed.js";
import { startWebServer, type WebServer } from "../web/server.js";
import { sendAndSwitch } from "../web/switching.js";

const BIG = 1_000;
const BRANCH_POINTS = 50;
const ONE_PAGE = 30;
const openRuns = { warmup: 3, iterations: 15 };
const SWITCH_ROUNDS = 20;

/**
 * One user with an empty, a 30-message, a 1,000-message conversation and one of 1,000 messages
 * with 50 branch points, each opened by URL.
 */
async function measureConversationOpens(server: WebServer, browser: Browser): Promise<boolean> {
  const session = await signUp(server.url);
  const userId = session.user.id;
  const big = await seedConversation(server.prisma, userId, { count: BIG, title: "A long conversation" });
  const branched = await seedBranchedConversation(server.prisma, userId, {
    count: BIG,
    branchPoints: BRANCH_POINTS,
    title: "A long conversation with branches",
  });
  const onePage = await seedConversation(server.prisma, userId, { count: ONE_PAGE, title: "A short conversation" });
  const empty = await seedConversation(server.prisma, userId, { count: 0, title: "An empty conversation" });
  const context = await signedInContext(browser, server.url, session);
  try {
    const target = ({ id, lastText }: SeededConversation) => ({ url: `${server.url}/c/${id}`, lastText });
    const samples = await measureOpens(
      context,
      { big: target(big), branched: target(branched), onePage: target(onePage), empty: target(empty) },
      openRuns,
    );
    const results = {
      big: { label: `${BIG.toLocaleString("en")} messages`, samples: samples.big },
      branched: { label: `${BIG.toLocaleString("en")} messages, ${BRANCH_POINTS} branch points`, samples: samples.branched },
      onePage: { label: `baseline: ${ONE_PAGE} messages (one page)`, samples: samples.onePage },
      empty: { label: "baseline: empty", samples: samples.empty },
    };
    return reportOpens(results, openRuns);
  } finally {
    await context.close();
  }
}

/** Another user with four short conversations to send in and switch between. */
async function measureConnections(server: WebServer, browser: Browser): Promise<boolean> {
  const session = await signUp(server.url);
  const conversations = [];
  for (let n = 1; n <= 4; n++) {
    const title = `Switching target ${n}`;
    conversations.push({ ...(await seedConversation(server.prisma, session.user.id, { count: 6, title })), title });
  }
  const context = await signedInContext(browser, server.url, session);
  try {
    const scenario = { context, baseUrl: server.url, conversations, busListeners: server.busListeners, rounds: SWITCH_ROUNDS };
    return reportConnections(await sendAndSwitch(scenario), SWITCH_ROUNDS);
  } finally {
    await context.close();
  }
}

export const benchmark: Benchmark = {
  name: "Web app: initial JS, opening a 1,000-message conversation, connections after switching",
  async run() {
    const started = Date.now();
    const builds = await buildBoth();
    try {
      const sizePassed = reportInitialJs(await measureInitialJs(builds.app), await measureInitialJs(builds.reactBaseline));
      const [server, browser] = await Promise.all([startWebServer(builds.app), launchBrowser()]);
      try {
        const openPassed = await measureConversationOpens(server, browser);
        const connectionsPassed = await measureConnections(server, browser);
        const load = loadavg()
          .map((value) => value.toFixed(2))
          .join(" ");
        console.log(
          `\nwhole benchmark: ${((Date.now() - started) / 1000).toFixed(1)} s; load average ${load} on ${availableParallelism()} CPUs`,
        );
        return { passed: sizePassed && openPassed && connectionsPassed };
      } finally {
        await browser.close();
        await server.stop();
      }
    } finally {
      await builds.remove();
    }
  },
};
