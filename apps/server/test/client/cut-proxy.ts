import { connect, createServer, type Socket } from "node:net";

/**
 * A TCP proxy in front of the server whose connections a test can cut, as a network would:
 * both ends see their socket close mid-stream, the server's WebSocket included.
 */
export async function startCutProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const pairs = new Set<[Socket, Socket]>();
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const upstream = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    // Either side closing (or failing) ends the pair, like a broken link.
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) socket.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    /** How many connections the proxy has accepted so far. */
    accepted: () => accepted,
    /** Destroys every open connection on both sides; returns how many were cut. */
    cutAll(): number {
      const cut = [...pairs];
      for (const [client, upstream] of cut) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      return cut.length;
    },
    async close() {
      this.cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
