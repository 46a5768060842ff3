import { formatTable, ms, ratio, summarize } from "../stats.js";
import { GZIP_LEVEL, type InitialJs } from "./initial-js.js";
import type { OpenSamples } from "./open-conversation.js";
import type { Connections, SwitchingResult } from "./switching.js";

export const TARGET_INITIAL_GZIP_BYTES = 200_000;
export const TARGET_OPEN_MS = 500;

const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const verdict = (passed: boolean) => (passed ? "PASS" : "FAIL");

export function reportInitialJs(app: InitialJs, react: InitialJs): boolean {
  const passed = app.gzipBytes <= TARGET_INITIAL_GZIP_BYTES;
  const row = (label: string, sizes: InitialJs, target: boolean) => {
    const raw = sizes.initial.reduce((sum, size) => sum + size.bytes, 0);
    const gzip = [kb(sizes.gzipBytes), ratio(sizes.gzipBytes, react.gzipBytes), kb(sizes.lazyGzipBytes)];
    return [label, String(sizes.initial.length), kb(raw), ...gzip, target ? verdict(passed) : ""];
  };
  const header = ["build", "files", "raw KB", "gzip KB", "×React", "later chunks gzip KB", "gzip ≤ 200 KB"];
  console.log(formatTable(header, [row("Parley web app, initial JS", app, true), row("baseline: React + ReactDOM alone", react, false)]));
  const files = app.initial.map((size) => `${size.path} ${kb(size.gzipBytes)}`).join(", ");
  console.log(`\nKB = 1,000 bytes; gzip by node:zlib at level ${GZIP_LEVEL} (best), each file on its own, summed. Initial = the`);
  console.log("module scripts and modulepreloads in dist/index.html (CSS not counted); both built by Vite's build()");
  console.log(`in this run, production mode, target es2022. App files: ${files}.\n`);
  return passed;
}

export interface OpenResults {
  /** The conversation the target is about. */
  big: { label: string; samples: OpenSamples };
  /** As big, with regenerated versions beside 50 of its replies. */
  branched: { label: string; samples: OpenSamples };
  /** Baselines: a conversation of one page of messages, and an empty one (the ratios' base). */
  onePage: { label: string; samples: OpenSamples };
  empty: { label: string; samples: OpenSamples };
}

const maxOf = (samples: number[]) => Math.max(...samples);

export function reportOpens(results: OpenResults, runs: { warmup: number; iterations: number }): boolean {
  const emptyP50 = summarize(results.empty.samples.interactive).p50;
  const passed = [results.big, results.branched].every(({ samples }) => maxOf(samples.interactive) <= TARGET_OPEN_MS);
  const row = ({ label, samples }: { label: string; samples: OpenSamples }, target: boolean) => {
    const interactive = summarize(samples.interactive);
    const [keystroke, rendered] = [summarize(samples.keystroke), summarize(samples.rendered)];
    const times = [interactive.p50, interactive.p95, maxOf(samples.interactive)].map(ms);
    const rest = [ms(rendered.p50), ms(keystroke.p50), ms(maxOf(samples.keystroke))];
    const judged = target ? verdict(maxOf(samples.interactive) <= TARGET_OPEN_MS) : "";
    return [label, ...times, ratio(interactive.p50, emptyP50), ...rest, judged];
  };
  const header = [
    "conversation",
    "interactive p50",
    "p95",
    "max",
    "×empty p50",
    "rendered p50",
    "keystroke p50",
    "max",
    `max ≤ ${TARGET_OPEN_MS} ms`,
  ];
  const rows = [row(results.big, true), row(results.branched, true), row(results.onePage, false), row(results.empty, false)];
  console.log(formatTable(header, rows));
  console.log(`\nms by the page's performance.now() from navigation start: a full load of /c/:id with a warm HTTP cache,`);
  console.log(
    `the four conversations in turns, ${runs.iterations} visits each after ${runs.warmup} warm-up visits. interactive = the newest`,
  );
  console.log("message is shown, the composer is enabled, and a task queued in the next frame has run (painted, main thread");
  console.log("free); the target is on the max. keystroke = a key pressed in the composer until the frame after it shows.");
  console.log("The app loads a conversation's newest 30 messages and pages older ones in on scroll, so 1,000 show as 30.\n");
  return passed;
}

const backToOne = (c: Connections) => c.socketsOpen === 1 && c.socketsOpened === 1 && c.clientSubscriptions <= 1 && c.serverListeners <= 1;

export function reportConnections(result: SwitchingResult, rounds: number): boolean {
  const row = (label: string, c: Connections, target: boolean) => {
    const counts = [c.socketsOpened, c.socketsOpen, c.subscriptionsStarted, c.clientSubscriptions, c.serverListeners].map(String);
    return [label, ...counts, target ? verdict(backToOne(c)) : ""];
  };
  const header = ["moment", "sockets opened", "open", "subscriptions started", "live (client)", "bus listeners (server)", "one of each"];
  console.log(
    formatTable(header, [
      row(`after ${rounds} sends and ${rounds} switches`, result.afterSwitching, true),
      row("baseline: after opening the first conversation", result.afterFirstOpen, false),
    ]),
  );
  console.log("\nClient side from the page's WebSocket frames (subscription starts minus stops, stopped results and errors,");
  console.log("on sockets still open); server side from the memory event bus's stats(). Counts read once they settle (≤ 5 s).");
  console.log("Target: 1 socket opened and open, ≤ 1 live subscription, ≤ 1 bus listener.");
  return backToOne(result.afterSwitching);
}
