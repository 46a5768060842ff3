import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";

const NEAR_BOTTOM_PX = 80;

/**
 * Follows the conversation's end while the reader is there; scrolling up stops it (and shows a
 * "jump to latest" button), scrolling back down or sending resumes it. Messages added on top
 * (older pages) keep the reader's place.
 */
export function useStickToBottom(
  scroller: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
  firstKey: string | undefined,
) {
  const stick = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const lastHeight = useRef(0);
  const lastFirstKey = useRef(firstKey);

  const scrollToBottom = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    stick.current = true;
    setAtBottom(true);
    el.scrollTop = el.scrollHeight;
  }, [scroller]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      const near = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
      stick.current = near;
      setAtBottom(near);
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, [scroller]);

  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner) return;
    // Streaming text and late layout (code blocks, tables) grow the content without a scroll event.
    const observer = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, [scroller, content]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const prepended = lastFirstKey.current !== undefined && firstKey !== lastFirstKey.current;
    if (prepended && !stick.current) el.scrollTop += el.scrollHeight - lastHeight.current;
    else if (stick.current) el.scrollTop = el.scrollHeight;
    lastHeight.current = el.scrollHeight;
    lastFirstKey.current = firstKey;
  });

  return { atBottom, scrollToBottom };
}
