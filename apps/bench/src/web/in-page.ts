// Functions that Playwright serializes and runs inside the page: they may use nothing from this
// module's scope, only their argument and the page's globals. Times are the page's own
// performance.now(), counted from the navigation's start.

export interface OpenTiming {
  /** The newest message is in the DOM and the composer is enabled. */
  rendered: number;
  /** A task queued in the next frame ran: that frame was painted and the main thread is free. */
  interactive: number;
}

/**
 * Per path (`/c/12`), text only the conversation's newest message contains; null for an empty
 * conversation, whose intro shows instead.
 */
export type OpenExpectations = Record<string, string | null>;

type BenchWindow = Window & { benchOpen?: OpenTiming; benchKeystroke?: number };

/** Init script: watches every DOM change from the first byte until the conversation is usable. */
export function watchOpen(expectations: OpenExpectations): void {
  const lastText = expectations[location.pathname];
  if (lastText === undefined) return;
  // No named inner functions: tsx wraps them in a `__name` helper that the page doesn't have.
  const observer = new MutationObserver(() => {
    const composer = document.getElementById("composer-input");
    if (!(composer instanceof HTMLTextAreaElement) || composer.disabled) return;
    const shown =
      lastText === null
        ? document.querySelector('[data-testid="chat-intro"]') !== null
        : document.querySelector("ol.messages > li:last-child")?.textContent?.includes(lastText) === true;
    if (!shown) return;
    observer.disconnect();
    const rendered = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => ((window as BenchWindow).benchOpen = { rendered, interactive: performance.now() });
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  // A keystroke's trip: from its input event's time stamp to the frame after the composer shows it.
  document.addEventListener(
    "input",
    (event) => {
      const started = event.timeStamp;
      requestAnimationFrame(() => setTimeout(() => ((window as BenchWindow).benchKeystroke = performance.now() - started)));
    },
    { capture: true },
  );
}

export const readOpenTiming = () => (window as BenchWindow).benchOpen ?? null;

export const readKeystroke = () => (window as BenchWindow).benchKeystroke ?? null;

/** The newest message is the finished reply to the user message `text`. */
export function replyFinished(text: string): boolean {
  const items = document.querySelectorAll("ol.messages > li");
  const reply = items[items.length - 1];
  const question = items[items.length - 2];
  return reply?.getAttribute("data-status") === "complete" && question?.textContent?.includes(text) === true;
}
