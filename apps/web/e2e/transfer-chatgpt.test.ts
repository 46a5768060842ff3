import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { useAppUnderTest } from "./support/app-under-test";
import { openApp, screenshot } from "./support/browser";

const app = useAppUnderTest();
const fixture = fileURLToPath(new URL("../../../packages/client/test-fixtures/chatgpt-conversations.json", import.meta.url));

describe("ChatGPT import and Markdown export in the browser", () => {
  it("imports ChatGPT's conversations.json with a report per conversation, then downloads one conversation as Markdown", async () => {
    const person = await createUser(app.server.url);
    const opened = await openApp(app.browser, app.server.url, { user: person, path: "/transfer" });
    const { page } = opened;
    await page.locator("#import-file").setInputFiles(fixture);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const report = page.getByTestId("import-report");
    await report.getByText("1 imported").waitFor();
    await report.getByText("ChatGPT data export").waitFor();
    const imported = report.locator('tr[data-status="imported"]');
    expect(await imported.innerText()).toMatch(/Position sizing[\s\S]*1 skipped: tool output/);
    expect(await report.locator('tr[data-status="failed"]').count()).toBe(2);
    expect(await report.locator('tr[data-status="skipped"]').innerText()).toMatch(/no user or assistant message to import/);
    await screenshot(page, "desktop-chatgpt-import-report");

    // A second import adds nothing.
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await report.getByText("0 imported").waitFor();
    const session = await app.server.prisma.chatSession.findFirstOrThrow({ where: { userId: person.user.id } });
    expect(await app.server.prisma.chatMessage.count({ where: { sessionId: session.id } })).toBe(5);

    await page.goto(`${app.server.url}/c/${session.id}`);
    await page.getByTestId("chat-title").getByText("Position sizing").waitFor();
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export as Markdown" }).click();
    const downloaded = await downloading;
    expect(downloaded.suggestedFilename()).toBe("Position-sizing.md");
    const markdown = await readFile((await downloaded.path()) ?? "", "utf8");
    expect(markdown).toMatch(/^# Position sizing\n\n- Context: General\n/);
    expect(markdown).toContain("Regenerated answer: risk at most 1% per trade.");
    expect(markdown).not.toContain("First answer");

    // A selection in the sidebar, as one Markdown file with a section per conversation.
    const other = await app.server.prisma.chatSession.create({
      data: { userId: person.user.id, sessionTitle: "Second one", titleSource: "user", isActive: false },
    });
    await app.server.prisma.chatMessage.create({ data: { sessionId: other.id, userId: person.user.id, role: "user", content: "hi" } });
    await page.reload();
    await page.getByRole("checkbox", { name: "Select “Position sizing”" }).click();
    await page.getByRole("checkbox", { name: "Select “Second one”" }).click();
    const bulk = page.getByTestId("bulk-bar");
    await bulk.getByText("2 selected").waitFor();
    const selectionDownload = page.waitForEvent("download");
    await bulk.getByRole("button", { name: "Export .md" }).click();
    const selection = await readFile((await (await selectionDownload).path()) ?? "", "utf8");
    expect(selection.match(/^# .*$/gm)).toEqual(["# Position sizing", "# Second one"]);
    await opened.context.close();
  });
});
