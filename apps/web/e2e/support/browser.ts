import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { TestUser } from "./accounts";

const SCREENSHOTS = resolve(import.meta.dirname, "../../../../test-artifacts/screenshots");

// Debian's Chromium, never a downloaded one; these flags let it run as root in a container.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface OpenedApp {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and alert()/confirm() dialogs: an XSS payload that ran shows up here. */
  problems: string[];
  sockets: ReturnType<typeof countSockets>;
}

/** The cookie the server sets at sign-in (apps/server/src/http/browser-auth.ts): the page keeps nothing else. */
function refreshCookie(baseUrl: string, user: TestUser) {
  const { hostname } = new URL(baseUrl);
  return {
    name: "parley_refresh",
    value: encodeURIComponent(user.refreshToken),
    domain: hostname,
    path: "/auth/browser",
    expires: -1,
    httpOnly: true,
    secure: false,
    sameSite: "Strict" as const,
  };
}

/** A fresh browser profile, signed in as `user` when given (their refresh cookie, as after a sign-in). */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  options: { user?: TestUser; viewport?: { width: number; height: number }; path?: string } = {},
): Promise<OpenedApp> {
  const viewport = options.viewport ?? DESKTOP;
  const context = await browser.newContext({
    viewport,
    isMobile: viewport.width < 640,
    hasTouch: viewport.width < 640,
    storageState: { cookies: options.user ? [refreshCookie(baseUrl, options.user)] : [], origins: [] },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  const sockets = countSockets(page);
  await page.goto(baseUrl + (options.path ?? "/"));
  return { context, page, problems, sockets };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`) });
}

/**
 * Counts the WebSockets a page opens (the app keeps exactly one) and the tRPC subscriptions it
 * starts and stops on them, read from the frames the page sends.
 */
export function countSockets(page: Page) {
  let opened = 0;
  let closed = 0;
  // Live subscriptions: the procedure path of each by its request id (a stop names only the id).
  const live = new Map<unknown, string>();
  page.on("websocket", (socket) => {
    opened++;
    socket.on("close", () => closed++);
    socket.on("framesent", (frame) => {
      for (const message of messagesOf(String(frame.payload))) {
        if (message.method === "subscription") live.set(message.id, String(message.params?.path));
        if (message.method === "subscription.stop") live.delete(message.id);
      }
    });
  });
  return {
    opened: () => opened,
    open: () => opened - closed,
    /**
     * Subscriptions started minus stopped: what the server is streaming to this page now; with
     * `path`, only those of that procedure (`chat.stream`; the shell also holds `sync.events`).
     */
    liveSubscriptions: (path?: string) => [...live.values()].filter((started) => path === undefined || started === path).length,
  };
}

interface SentMessage {
  id?: unknown;
  method?: unknown;
  params?: { path?: unknown };
}

function messagesOf(payload: string): SentMessage[] {
  try {
    const parsed: unknown = JSON.parse(payload);
    const messages: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    return messages.filter((m): m is SentMessage => typeof m === "object" && m !== null);
  } catch {
    return [];
  }
}
