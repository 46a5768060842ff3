import { useEffect, useState, useSyncExternalStore } from "react";
import { errorInfo } from "../api/errors";

// When the API refuses a send as TOO_MANY_REQUESTS it says how long to wait (retryAfterMs). One
// cooldown for the whole app: the limit is per user, so every composer waits the same time.
let until = 0;
const listeners = new Set<() => void>();

/** Starts (or lengthens) the cooldown when `error` is the API saying "too many requests". */
export function startCooldownIfLimited(error: unknown): void {
  const info = errorInfo(error);
  if (info.code !== "TOO_MANY_REQUESTS") return;
  const next = Date.now() + (info.retryAfterMs ?? 1_000);
  if (next <= until) return;
  until = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whole seconds left before sending makes sense again; 0 when it does. Ticks once a second. */
export function useSendCooldown(): number {
  const end = useSyncExternalStore(subscribe, () => until);
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    setNow(Date.now());
    if (end <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= end) clearInterval(timer);
    }, 1_000);
    return () => clearInterval(timer);
  }, [end]);
  return Math.max(0, Math.ceil((end - now) / 1_000));
}
