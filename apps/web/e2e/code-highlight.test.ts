import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { openApp } from "./support/browser";
import { composer, send } from "./support/chat";
import { useAppUnderTest } from "./support/app-under-test";

const app = useAppUnderTest();

const REPLY = "Here:\n\n```python\ndef risk(size):\n    return size * 0.02  # two percent\n```\n\nAnd plain:\n\n```\nno language here\n```";

describe("code blocks", () => {
  it("load highlight.js only when a code block needs it, then highlight by language", async () => {
    app.server.assistant.onChat(() => REPLY);
    const user = await createUser(app.server.url);
    const { page, context, problems } = await openApp(app.browser, app.server.url, { user, path: "/c/new" });
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    await composer(page).waitFor();
    // Nothing highlighted yet: no script is fetched until a code block with a language shows.
    expect(scripts).toEqual([]);

    await send(page, "Show me code");
    const highlighted = page.locator('code[data-highlighted="true"]');
    await highlighted.waitFor();
    expect(await highlighted.count()).toBe(1);
    expect(await highlighted.locator(".hljs-keyword").first().textContent()).toBe("def");
    expect(await highlighted.locator(".hljs-comment").textContent()).toBe("# two percent");
    // The text reads exactly as written; the block without a language stays plain.
    expect(await highlighted.textContent()).toBe("def risk(size):\n    return size * 0.02  # two percent");
    await page.getByText("no language here").waitFor();
    // highlight.js arrived as its own chunk, after the app was already running.
    expect(scripts.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
