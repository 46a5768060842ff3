import { useCallback, useRef, useState } from "react";

/**
 * Conversations ticked for a bulk action. A shift-click selects the whole range from the last
 * clicked row to this one, in the order shown; ids no longer shown are dropped by `keepOnly`.
 */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const anchor = useRef<number | null>(null);

  const toggle = useCallback((id: number, range: boolean, shownIds: number[]) => {
    setSelected((current) => {
      const next = new Set(current);
      const from = anchor.current === null ? -1 : shownIds.indexOf(anchor.current);
      const to = shownIds.indexOf(id);
      if (range && from !== -1 && to !== -1) {
        const [start, end] = from < to ? [from, to] : [to, from];
        for (const rangeId of shownIds.slice(start, end + 1)) next.add(rangeId);
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    anchor.current = id;
  }, []);

  const selectAll = useCallback((shownIds: number[]) => setSelected(new Set(shownIds)), []);
  const clear = useCallback(() => {
    setSelected(new Set());
    anchor.current = null;
  }, []);

  return { selected, toggle, selectAll, clear };
}
