import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";

const storedSession = z.object({
  userId: z.string(),
  email: z.string(),
  role: z.enum(["user", "admin"]),
  accessToken: z.string(),
  /** Milliseconds since the epoch. */
  accessTokenExpiresAt: z.number(),
  refreshToken: z.string(),
});
export type StoredSession = z.infer<typeof storedSession>;

const configFile = z.object({ version: z.literal(1), servers: z.record(z.string(), storedSession) });
type ConfigFile = z.infer<typeof configFile>;

/** One signed-in session per server, so a test server and a real one never mix their tokens. */
const serverKey = (url: string) => new URL(url).origin;

/**
 * The tokens file: readable by its owner only (0600, in a 0700 folder), replaced atomically so
 * that an interrupted write never leaves half a file.
 */
export function createConfigStore(path: string) {
  async function load(): Promise<ConfigFile> {
    try {
      return configFile.parse(JSON.parse(await readFile(path, "utf8")));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, servers: {} };
      throw new Error(`${path} is not a Parley config file (${(error as Error).message}); delete it and sign in again`, { cause: error });
    }
  }

  async function save(config: ConfigFile): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  }

  return {
    path,
    async read(url: string): Promise<StoredSession | null> {
      return (await load()).servers[serverKey(url)] ?? null;
    },
    async write(url: string, session: StoredSession): Promise<void> {
      const config = await load();
      config.servers[serverKey(url)] = session;
      await save(config);
    },
    async remove(url: string): Promise<void> {
      const config = await load();
      delete config.servers[serverKey(url)];
      await save(config);
    },
  };
}

export type ConfigStore = ReturnType<typeof createConfigStore>;
