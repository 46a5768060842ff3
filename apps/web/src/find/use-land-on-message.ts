import { useEffect, useState, type RefObject } from "react";
import { useSearchParams } from "react-router";
import type { ChatMessage } from "../chat/chat-message";

/** Older pages loaded at most to reach a found message: past that it is too far back to page to. */
const MAX_PAGES_BACK = 40;

/**
 * A search hit opens its conversation as `…?message=ID`: pages back until that message is loaded,
 * scrolls it into the middle of the view and highlights it, once per id.
 */
export function useLandOnMessage(
  scroller: RefObject<HTMLDivElement | null>,
  messages: ChatMessage[],
  state: { hasOlder: boolean; loadingOlder: boolean },
  loadOlder: () => void,
) {
  const [params] = useSearchParams();
  const target = Number(params.get("message")) || null;
  const [landed, setLanded] = useState<number | null>(null);
  const [pagesBack, setPagesBack] = useState(0);

  useEffect(() => {
    if (target === null || landed === target || messages.length === 0) return;
    const element = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${target}"]`);
    if (element) {
      // After the stick-to-bottom hook's own scroll of a freshly loaded page.
      requestAnimationFrame(() => element.scrollIntoView({ block: "center" }));
      element.classList.add("is-found");
      element.setAttribute("data-found", "true");
      setLanded(target);
      return;
    }
    if (state.hasOlder && !state.loadingOlder && pagesBack < MAX_PAGES_BACK) {
      setPagesBack(pagesBack + 1);
      loadOlder();
    }
  }, [target, landed, messages, state.hasOlder, state.loadingOlder, pagesBack, loadOlder, scroller]);
}
