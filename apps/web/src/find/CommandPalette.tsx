import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useNavigate } from "react-router";
import { useTRPC } from "../api/trpc";
import { filterInput, noFilters, PaletteFilters, type SearchFilters } from "./PaletteFilters";
import { hitItem, modelItem, runItem, type PaletteItem } from "./palette-items";
import { Snippet } from "./Snippet";

/** Hits shown at first, and added by each "More results". */
const PAGE = 8;
/** sessions.search answers at most 50 at once; beyond that, the filters narrow better than scrolling. */
const MAX_SHOWN = 48;

/** Waits for the typing to pause before searching. */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Ctrl/Cmd+K: search conversations and jump to models and runs, all by keyboard. */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [cursor, setCursor] = useState(0);
  const query = useDebounced(text.trim(), 200);
  const input = useRef<HTMLInputElement>(null);
  const trpc = useTRPC();
  const [filters, setFilters] = useState<SearchFilters>(noFilters);
  const [limit, setLimit] = useState(PAGE);
  // "Past week" means the week before the palette opened: a bound that moved every render would
  // make every render a new query.
  const [openedAt] = useState(() => Date.now());
  const hits = useQuery(
    trpc.sessions.search.queryOptions(
      { query, limit, ...filterInput(filters, openedAt) },
      { enabled: query.length > 0, placeholderData: keepPreviousData },
    ),
  );
  useEffect(() => setLimit(PAGE), [query, filters]);
  const models = useQuery(trpc.models.list.queryOptions({ includeDeleted: false }));
  const runs = useQuery(trpc.runs.find.queryOptions({ query, limit: 5 }, { enabled: query.length > 0, placeholderData: keepPreviousData }));

  const items = useMemo<PaletteItem[]>(() => {
    const needle = text.trim().toLowerCase();
    const matchingModels = (models.data ?? []).filter((model) => needle && model.name.toLowerCase().includes(needle)).slice(0, 5);
    const found = query.length > 0 ? (hits.data?.hits ?? []) : [];
    const matchingRuns = query.length > 0 ? (runs.data ?? []) : [];
    return [...matchingModels.map(modelItem), ...matchingRuns.map(runItem), ...found.map(hitItem)];
  }, [text, query, models.data, runs.data, hits.data]);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => setCursor(0), [query, filters]);
  useEffect(() => setCursor((at) => Math.min(at, Math.max(items.length - 1, 0))), [items.length]);

  function open(item: PaletteItem | undefined) {
    if (!item) return;
    onClose();
    void navigate(item.path);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowDown") setCursor((cursor + 1) % Math.max(items.length, 1));
    else if (event.key === "ArrowUp") setCursor((cursor - 1 + items.length) % Math.max(items.length, 1));
    else if (event.key === "Enter") open(items[cursor]);
    else return;
    event.preventDefault();
  }

  return (
    <div className="palette-backdrop" onClick={onClose}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Search"
        onClick={(event) => event.stopPropagation()}
        // Escape closes from any of its fields, the filters included.
        onKeyDown={(event) => event.key === "Escape" && onClose()}
        data-testid="palette"
      >
        <input
          ref={input}
          className="input palette-input"
          value={text}
          maxLength={500}
          placeholder="Search conversations, jump to a model or run…"
          aria-label="Search"
          aria-controls="palette-results"
          aria-activedescendant={items[cursor] ? `palette-${items[cursor].key}` : undefined}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <PaletteFilters filters={filters} models={models.data ?? []} onChange={setFilters} />
        <ul id="palette-results" className="palette-results" role="listbox" aria-label="Results">
          {items.map((item, index) => (
            <li
              key={item.key}
              id={`palette-${item.key}`}
              role="option"
              aria-selected={index === cursor}
              className={index === cursor ? "palette-item is-cursor" : "palette-item"}
              onMouseEnter={() => setCursor(index)}
              onClick={() => open(item)}
              data-testid="palette-item"
            >
              <span className="palette-label">{item.label}</span>
              <span className="palette-detail">{item.detail}</span>
              {item.snippet && <Snippet parts={item.snippet} />}
            </li>
          ))}
          {query.length > 0 && hits.isSuccess && items.length === 0 && <li className="palette-empty">No matches.</li>}
          {hits.error && <li className="palette-empty">{hits.error.message}</li>}
        </ul>
        {query.length > 0 && hits.data?.hasMore && limit < MAX_SHOWN && (
          <button type="button" className="btn btn-sm btn-ghost palette-more" onClick={() => setLimit(limit + PAGE)}>
            More results
          </button>
        )}
      </div>
    </div>
  );
}
