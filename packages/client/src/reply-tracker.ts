import type { ChatEvent, Message, ReplyEvent } from "./types.js";

export interface TrackerStep {
  emit: ReplyEvent[];
  /** `reload`: the events are gone; hand the stored reply to `completeFrom`. */
  next: "continue" | "finished" | "reload";
}

const step = (emit: ReplyEvent[], next: TrackerStep["next"] = "continue"): TrackerStep => ({ emit, next });

/**
 * Turns a conversation's stream into one reply's events, each delivered once. A subscriber that
 * arrives before its reply starts first sees the previous reply replayed (other message ids:
 * skipped). A replay of this reply after a reconnect (`reply_started` again) restarts its text:
 * what was already delivered is skipped, so the caller sees no delta twice. Text that never
 * arrived (`resync`, or a `done` whose length differs) is completed from the stored reply.
 */
export function createReplyTracker(reply: { messageId: number; userMessageId: number }) {
  let started = false;
  let delivered = "";
  let replayed: string | null = null;
  let reconcileAtDone = false;
  let finished = false;
  let reportedError = false;
  const seenTools = new Set<string>();

  function freshText(text: string): string {
    if (replayed === null) {
      delivered += text;
      return text;
    }
    replayed += text;
    if (replayed.length <= delivered.length) return "";
    const fresh = replayed.slice(delivered.length);
    delivered = replayed;
    replayed = null;
    return fresh;
  }

  function ownEvent(event: Extract<ChatEvent, { messageId: number }>): TrackerStep {
    switch (event.type) {
      case "reply_started":
        if (started) replayed = "";
        started = true;
        return step(replayed === null ? [event] : []);
      case "delta": {
        if (reconcileAtDone) return step([]);
        const text = freshText(event.text);
        return step(text ? [{ ...event, text }] : []);
      }
      case "tool_call":
      case "tool_result": {
        const key = `${event.type}:${event.callId}`;
        if (seenTools.has(key)) return step([]);
        seenTools.add(key);
        return step([event]);
      }
      case "error":
        // Once, though a replay from reply_started may bring it again.
        if (reportedError) return step([]);
        reportedError = true;
        return step([event]);
      case "done":
        // The saved reply's length tells whether some text never arrived (a bus that lost events).
        if (reconcileAtDone || event.contentLength !== delivered.length) return step([], "reload");
        finished = true;
        return step([event], "finished");
    }
  }

  return {
    accept(event: ChatEvent): TrackerStep {
      if (finished) return step([]);
      if (event.type === "title" || event.type === "summary") return step([event]);
      if (event.type === "resync") return step([], "reload");
      if (event.type === "branch") return step([]);
      if (event.messageId === reply.messageId) return ownEvent(event);
      // A later reply has replaced this one's events: it is over, and stored.
      return step([], event.messageId > reply.messageId ? "reload" : "continue");
    },

    /** Finishes from the stored reply: the text not yet delivered, then its `done`. */
    completeFrom(stored: Message): TrackerStep {
      if (finished) return step([]);
      if (stored.status === "streaming") {
        // Still being written: wait for its done, then take the rest from the store.
        reconcileAtDone = true;
        return step([]);
      }
      finished = true;
      const emit: ReplyEvent[] = [];
      const { messageId, userMessageId } = reply;
      if (!started) emit.push({ type: "reply_started", messageId, userMessageId, aiModel: stored.aiModel ?? "", offline: false });
      const rest = stored.content.startsWith(delivered) ? stored.content.slice(delivered.length) : "";
      if (rest) emit.push({ type: "delta", messageId, text: rest });
      const usage =
        stored.promptTokens === null || stored.completionTokens === null
          ? null
          : { promptTokens: stored.promptTokens, completionTokens: stored.completionTokens };
      emit.push({ type: "done", messageId, status: stored.status, usage, error: stored.error, contentLength: stored.content.length });
      return step(emit, "finished");
    },
  };
}
