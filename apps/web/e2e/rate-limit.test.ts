import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp } from "./support/browser";
import { composer, send, userMessages } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

// Two messages a minute: the third is refused with TOO_MANY_REQUESTS and a retry-after.
const app = useAppUnderTest({ offline: true, limits: { messagesPerMinute: 2, concurrentReplies: 3 } });

const secondsLeft = async (text: string | null) => Number(/again in (\d+) s/.exec(text ?? "")?.[1]);

describe("sending too fast", () => {
  it("counts the wait down on the composer, keeps the draft editable, and lets sending again when it ends", async () => {
    const user = await createUser(app.server.url);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    // A clock the test can move: the server's window is a real minute, the countdown need not be.
    await page.clock.install();
    await page.reload();
    await send(page, "First");
    await send(page, "Second");

    await composer(page).fill("Third");
    await composer(page).press("Enter");
    const cooldown = page.getByTestId("send-cooldown");
    await cooldown.waitFor();
    const first = await secondsLeft(await cooldown.textContent());
    expect(first).toBeGreaterThan(30);
    expect(first).toBeLessThanOrEqual(60);
    // The refused message says so without a frozen number, and its Retry waits for the countdown.
    const failed = userMessages(page).last();
    await failed.getByText("Not sent: too many messages in a short time").waitFor();
    expect(await failed.getByRole("button", { name: "Retry" }).isDisabled()).toBe(true);

    // It counts down, and meanwhile a new draft can be written but not sent.
    await page.clock.fastForward(5_000);
    await expect.poll(async () => secondsLeft(await cooldown.textContent())).toBeLessThanOrEqual(first - 4);
    await composer(page).fill("Fourth, written while waiting");
    expect(await page.getByRole("button", { name: "Send message" }).isDisabled()).toBe(true);

    // When it reaches zero it clears on its own: sending and Retry are possible again.
    await page.clock.fastForward(61_000);
    await cooldown.waitFor({ state: "detached" });
    expect(await page.getByRole("button", { name: "Send message" }).isEnabled()).toBe(true);
    expect(await failed.getByRole("button", { name: "Retry" }).isEnabled()).toBe(true);
    expect(await composer(page).inputValue()).toBe("Fourth, written while waiting");
    expect(problems).toEqual([]);
    await context.close();
  });
});
