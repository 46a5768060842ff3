/**
 * A conversation's keys and live channel. The `{sessionId}` hash tag puts all of them in one
 * Redis Cluster slot, so one master holds a conversation whole and scripts may touch them together.
 */
export const conversationKeys = (namespace: string, sessionId: number) => {
  const base = `${namespace}:{${sessionId}}`;
  return { stream: `${base}:events`, start: `${base}:start`, channel: `${base}:live` };
};
