import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp, screenshot } from "./support/browser";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

describe("share links", () => {
  it("shares a conversation, opens it signed out in a fresh browser context, revokes it, and the link is refused", async () => {
    const user = await createUser(app.server.url);
    const session = await app.server.prisma.chatSession.create({
      data: { userId: user.user.id, sessionTitle: "Breakout review", titleSource: "user", isActive: false },
    });
    await app.server.prisma.chatMessage.createMany({
      data: [
        { sessionId: session.id, userId: user.user.id, role: "user", content: "Was the breakout worth it?" },
        {
          sessionId: session.id,
          userId: user.user.id,
          role: "assistant",
          content: "Yes: **+2.4R** on the day.\n\n<script>window.pwned = true</script>",
        },
      ],
    });

    const owner = await openApp(app.browser, app.server.url, { user, path: `/c/${session.id}` });
    await owner.page.getByRole("button", { name: "Share conversation" }).click();
    await owner.page.getByRole("button", { name: "Create link" }).click();
    const link = await owner.page.getByRole("textbox", { name: "Share link" }).inputValue();
    expect(link).toMatch(new RegExp(`^${app.server.url}/s/[A-Za-z0-9_-]{43}$`));
    await screenshot(owner.page, "desktop-share-dialog");
    // A message after the share is not part of it.
    await app.server.prisma.chatMessage.create({
      data: { sessionId: session.id, userId: user.user.id, role: "user", content: "A later private thought" },
    });

    const visitor = await openApp(app.browser, app.server.url, { path: new URL(link).pathname });
    await visitor.page.getByTestId("shared-title").getByText("Breakout review").waitFor();
    const texts = await visitor.page.getByTestId("shared-message").allInnerTexts();
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain("+2.4R");
    expect(texts.join("\n")).not.toContain("later private thought");
    expect(await visitor.page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(await visitor.page.locator('meta[name="robots"]').getAttribute("content")).toContain("noindex");
    expect((await fetch(link)).headers.get("x-robots-tag")).toContain("noindex");
    expect(visitor.problems).toEqual([]);
    await screenshot(visitor.page, "desktop-shared-conversation");

    await owner.page.getByRole("button", { name: /^Revoke link/ }).click();
    await owner.page.getByTestId("share-item").getByText("Revoked").waitFor();
    await visitor.page.reload();
    await visitor.page.getByTestId("share-gone").waitFor();
    expect(await visitor.page.getByTestId("shared-message").count()).toBe(0);
    await screenshot(visitor.page, "desktop-share-revoked");

    await owner.context.close();
    await visitor.context.close();
  });
});
