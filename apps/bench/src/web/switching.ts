import type { BrowserContext, Page } from "playwright-core";
import { replyFinished } from "./in-page.js";
import type { SeededConversation } from "./seed.js";
import { countSockets, type SocketCounter } from "./socket-counter.js";

export interface Connections {
  /** WebSockets the page opened, ever. */
  socketsOpened: number;
  socketsOpen: number;
  subscriptionsStarted: number;
  /** tRPC subscriptions the page started and neither side has ended (from the frames). */
  clientSubscriptions: number;
  /** Listeners on the server's event bus: subscriptions the server is still feeding. */
  serverListeners: number;
}

export interface SwitchingResult {
  afterFirstOpen: Connections;
  afterSwitching: Connections;
}

interface Scenario {
  context: BrowserContext;
  baseUrl: string;
  conversations: Array<SeededConversation & { title: string }>;
  busListeners: () => number;
  rounds: number;
}

const WAIT = { timeout: 15_000 };

function snapshot(counter: SocketCounter, busListeners: () => number): Connections {
  return {
    socketsOpened: counter.opened(),
    socketsOpen: counter.open(),
    subscriptionsStarted: counter.started(),
    clientSubscriptions: counter.liveSubscriptions(),
    serverListeners: busListeners(),
  };
}

/**
 * The counts once they settle on one of everything (the stop of a subscription reaches the server
 * a moment after the click), or, when they never do within 5 s, as they are then.
 */
async function settled(counter: SocketCounter, busListeners: () => number): Promise<Connections> {
  const deadline = Date.now() + 5_000;
  let now = snapshot(counter, busListeners);
  while (Date.now() < deadline && !(now.socketsOpen === 1 && now.clientSubscriptions === 1 && now.serverListeners === 1)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    now = snapshot(counter, busListeners);
  }
  return now;
}

async function showsConversation(page: Page, conversation: { id: number; title: string }) {
  await page.waitForURL((url) => url.pathname === `/c/${conversation.id}`, WAIT);
  await page.getByTestId("chat-title").getByText(conversation.title, { exact: true }).waitFor(WAIT);
  await page.locator("ol.messages > li").first().waitFor(WAIT);
}

async function send(page: Page, text: string) {
  const composer = page.locator("#composer-input");
  await composer.fill(text);
  await composer.press("Enter");
  await page.waitForFunction(replyFinished, text, WAIT);
}

/** Opens the first conversation, then `rounds` times sends a message and switches in the sidebar. */
export async function sendAndSwitch(scenario: Scenario): Promise<SwitchingResult> {
  const { conversations, busListeners } = scenario;
  const [first] = conversations;
  if (!first || conversations.length < 2) throw new Error("switching needs two conversations or more");
  const page = await scenario.context.newPage();
  const counter = countSockets(page);
  try {
    await page.goto(`${scenario.baseUrl}/c/${first.id}`);
    await showsConversation(page, first);
    const afterFirstOpen = await settled(counter, busListeners);
    for (let round = 1; round <= scenario.rounds; round++) {
      await send(page, `Bench message ${round}: what is my exposure now?`);
      const next = conversations[round % conversations.length] ?? first;
      await page.locator(`[data-session-id="${next.id}"] .conv-open`).click();
      await showsConversation(page, next);
    }
    return { afterFirstOpen, afterSwitching: await settled(counter, busListeners) };
  } finally {
    await page.close();
  }
}
