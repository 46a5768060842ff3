import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createUser } from "./support/accounts";
import { useAppUnderTest } from "./support/app-under-test";
import { openApp, screenshot } from "./support/browser";

const app = useAppUnderTest();

/** A conversation with a branch (a regenerated reply), written straight to the database. */
async function branchedConversation(userId: string) {
  const prisma = app.server.prisma;
  const session = await prisma.chatSession.create({
    data: { userId, sessionTitle: "Hedging ideas", titleSource: "user", isActive: false, tags: ["risk"] },
  });
  const add = async (parentId: number, role: "user" | "assistant", content: string) =>
    (await prisma.chatMessage.create({ data: { sessionId: session.id, userId, parentId, role, content } })).id;
  const question = await add(0, "user", "How do I hedge a long AAPL position?");
  const first = await add(question, "assistant", "Buy a protective put.");
  await add(question, "assistant", "Sell a covered call (regenerated).");
  await prisma.chatSession.update({ where: { id: session.id }, data: { currentLeafId: first } });
  return session.id;
}

async function messagesOf(userId: string) {
  const rows = await app.server.prisma.chatMessage.findMany({
    where: { userId },
    orderBy: { id: "asc" },
    select: { role: true, content: true },
  });
  return rows.map((row) => `${row.role}: ${row.content}`);
}

describe("export and import in the browser", () => {
  it("downloads an export from the sidebar's page, imports it into another account with a report, and adds nothing twice", async () => {
    const alice = await createUser(app.server.url);
    await branchedConversation(alice.user.id);
    const first = await openApp(app.browser, app.server.url, { user: alice, path: "/c/new" });
    await first.page.getByRole("link", { name: "Export and import" }).click();
    const downloading = first.page.waitForEvent("download");
    await first.page.getByRole("button", { name: "Download export" }).click();
    const downloaded = await downloading;
    expect(downloaded.suggestedFilename()).toMatch(/^parley-all-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const dir = await mkdtemp(join(tmpdir(), "parley-transfer-"));
    const file = join(dir, "export.jsonl");
    await downloaded.saveAs(file);
    const lines = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.type ?? line.format)).toEqual([
      "parley-conversations",
      "conversation",
      "message",
      "message",
      "message",
    ]);
    await first.context.close();

    const bob = await createUser(app.server.url);
    const second = await openApp(app.browser, app.server.url, { user: bob, path: "/transfer" });
    const { page } = second;
    await page.locator("#import-file").setInputFiles(file);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const report = page.getByTestId("import-report");
    await report.getByText("1 imported").waitFor();
    await expect.poll(() => report.locator('tr[data-status="imported"]').innerText()).toMatch(/Hedging ideas/);
    await screenshot(page, "desktop-import-report");
    expect(await messagesOf(bob.user.id)).toEqual(await messagesOf(alice.user.id));
    // The imported conversation is in the sidebar's list at once.
    await page.getByText("Hedging ideas").first().waitFor();

    await page.getByRole("button", { name: "Import", exact: true }).click();
    await report.getByText("0 imported").waitFor();
    expect(await report.locator('tr[data-status="skipped"]').innerText()).toMatch(/Already imported: nothing new to add/);
    expect(await messagesOf(bob.user.id)).toHaveLength(3);

    // A file of another version, and one with a bad message: a clear error, and a report naming the line.
    const newer = join(dir, "newer.jsonl");
    await writeFile(newer, `${JSON.stringify({ format: "parley-conversations", version: 2 })}\n`);
    await page.locator("#import-file").setInputFiles(newer);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByRole("alert").getByText("Line 1: export version 2 is not one this client reads (it reads 1)").waitFor();
    const bad = join(dir, "bad.jsonl");
    const [header, conversation, message] = lines;
    await writeFile(
      bad,
      [header, { ...conversation, key: `import:${"c".repeat(40)}` }, { ...message, role: "robot" }]
        .map((line) => JSON.stringify(line))
        .join("\n"),
    );
    await page.locator("#import-file").setInputFiles(bad);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await report.getByText("1 failed").waitFor();
    expect(await report.locator('tr[data-status="failed"]').innerText()).toMatch(/line 3: role: Invalid option/);
    await screenshot(page, "desktop-import-failed");
    await second.context.close();
  });
});
