import type { Page } from "playwright-core";
import { expect } from "vitest";

export const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
export const assistantMessages = (page: Page) => page.getByTestId("message-assistant");
export const userMessages = (page: Page) => page.getByTestId("message-user");
export const conversationRows = (page: Page) => page.getByTestId("conversation-row");

/** Types a message, presses Enter, and waits until its reply has finished streaming. */
export async function send(page: Page, text: string): Promise<void> {
  const before = await assistantMessages(page).count();
  await composer(page).fill(text);
  await composer(page).press("Enter");
  await expect.poll(() => assistantMessages(page).count(), { timeout: 15_000 }).toBeGreaterThan(before);
  await waitForReply(page);
}

export async function waitForReply(page: Page): Promise<void> {
  await expect
    .poll(() => assistantMessages(page).last().getAttribute("data-status"), { timeout: 20_000 })
    .toMatch(/complete|stopped|failed|interrupted/);
}

export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

export async function activeRowIds(page: Page): Promise<string[]> {
  return conversationRows(page).evaluateAll((rows) =>
    rows.filter((row) => row.getAttribute("data-active") === "true").map((row) => row.getAttribute("data-session-id") ?? ""),
  );
}
