import type { BrowserContext, Page } from "playwright-core";
import { readKeystroke, readOpenTiming, watchOpen, type OpenTiming } from "./in-page.js";

export interface OpenSamples {
  /** Navigation start → newest message shown, composer enabled, next frame painted and idle. */
  interactive: number[];
  /** Navigation start → newest message in the DOM. */
  rendered: number[];
  /** A key pressed in the composer → the frame after it shows. */
  keystroke: number[];
}

const WAIT = { timeout: 15_000, polling: 20 };

async function openOnce(page: Page, url: string): Promise<OpenTiming> {
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(readOpenTiming, undefined, WAIT).catch(async (error: unknown) => {
    // Say which conversation and what the page showed instead: a timeout alone names neither.
    const shown = await page.evaluate(() => document.querySelector("ol.messages > li:last-child")?.textContent?.slice(0, 120) ?? null);
    const composer = await page.evaluate(
      () => (document.getElementById("composer-input") as HTMLTextAreaElement | null)?.disabled ?? "absent",
    );
    throw new Error(`${url} never became interactive: last message ${JSON.stringify(shown)}, composer disabled ${composer}`, {
      cause: error,
    });
  });
  const timing = await handle.jsonValue();
  if (!timing) throw new Error(`${url} never became interactive`);
  return timing;
}

/** The composer takes a key (a real one, through the browser's input pipeline) and shows it. */
async function typeOnce(page: Page): Promise<number> {
  const composer = page.locator("#composer-input");
  await composer.press("x");
  const handle = await page.waitForFunction(readKeystroke, undefined, WAIT);
  const latency = await handle.jsonValue();
  if ((await composer.inputValue()) !== "x" || latency === null) throw new Error("the composer did not take a key");
  // An empty composer again, so the next visit doesn't restore a draft.
  await composer.fill("");
  return latency;
}

export interface OpenTarget {
  url: string;
  /** Text only the newest message contains; null for an empty conversation. */
  lastText: string | null;
}

const emptySamples = (): OpenSamples => ({ interactive: [], rendered: [], keystroke: [] });

/**
 * Opens each target by a full navigation (warm HTTP cache after the warm-up), taking turns so
 * that a change in the machine's load falls on every target alike, and times each visit with the
 * page's clock. One tab for all: a background tab's frames and timers are throttled.
 */
export async function measureOpens<Name extends string>(
  context: BrowserContext,
  targets: Record<Name, OpenTarget>,
  runs: { warmup: number; iterations: number },
): Promise<Record<Name, OpenSamples>> {
  // Object.entries forgets the key type; the keys are exactly `Name`.
  const measured = (Object.entries(targets) as Array<[Name, OpenTarget]>).map(([name, target]) => ({
    name,
    target,
    samples: emptySamples(),
  }));
  const page = await context.newPage();
  try {
    const expectations = Object.fromEntries(measured.map(({ target }) => [new URL(target.url).pathname, target.lastText]));
    await page.addInitScript(watchOpen, expectations);
    for (let run = 0; run < runs.warmup + runs.iterations; run++) {
      for (const { target, samples } of measured) {
        const timing = await openOnce(page, target.url);
        const keystroke = await typeOnce(page);
        if (run < runs.warmup) continue;
        samples.interactive.push(timing.interactive);
        samples.rendered.push(timing.rendered);
        samples.keystroke.push(keystroke);
      }
    }
    return Object.fromEntries(measured.map(({ name, samples }) => [name, samples])) as Record<Name, OpenSamples>;
  } finally {
    await page.close();
  }
}
