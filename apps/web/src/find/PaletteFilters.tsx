import { useMatch } from "react-router";
import type { RouterInputs } from "../api/types";

type SearchInput = RouterInputs["sessions"]["search"];
export type SearchScope = NonNullable<SearchInput["scope"]>;

/** What the palette's filter row narrows a search to; every field maps onto sessions.search's input. */
export interface SearchFilters {
  /** "all", "general", "model:<id>" or "run:<modelId>:<runId>": one select's values. */
  where: string;
  /** Days back from now, or 0 for any time. */
  withinDays: number;
  archived: NonNullable<SearchInput["archived"]>;
  tag: string;
}

export const noFilters: SearchFilters = { where: "all", withinDays: 0, archived: "include", tag: "" };

export function scopeOf(where: string): SearchScope {
  const [kind, first, second] = where.split(":");
  if (kind === "general") return { kind: "general" };
  if (kind === "model" && first) return { kind: "model", modelId: Number(first) };
  if (kind === "run" && first && second) return { kind: "run", modelId: Number(first), runId: Number(second) };
  return { kind: "all" };
}

/** The search input's filter fields; `now` is passed in so the date bound is stable between renders. */
export function filterInput(filters: SearchFilters, now: number): Pick<SearchInput, "scope" | "from" | "archived" | "tags"> {
  const tag = filters.tag.trim();
  return {
    scope: scopeOf(filters.where),
    from: filters.withinDays > 0 ? new Date(now - filters.withinDays * 86_400_000).toISOString() : undefined,
    archived: filters.archived,
    tags: tag ? [tag] : [],
  };
}

const periods = [
  { days: 0, label: "Any time" },
  { days: 7, label: "Past week" },
  { days: 30, label: "Past month" },
  { days: 365, label: "Past year" },
];

interface PaletteFiltersProps {
  filters: SearchFilters;
  models: Array<{ id: number; name: string }>;
  onChange: (next: SearchFilters) => void;
}

/** Where, when, archive state and a tag: the filters sessions.search takes, as a row of labelled fields. */
export function PaletteFilters({ filters, models, onChange }: PaletteFiltersProps) {
  // In a run's conversation, "this run" is the scope a trader reaches for first.
  const run = useMatch("/m/:modelId/runs/:runId/*")?.params;
  const set = (change: Partial<SearchFilters>) => onChange({ ...filters, ...change });
  return (
    <div className="palette-filters" data-testid="palette-filters">
      <select aria-label="Where" className="input input-sm" value={filters.where} onChange={(event) => set({ where: event.target.value })}>
        <option value="all">Everywhere</option>
        <option value="general">General</option>
        {run?.modelId && run.runId && <option value={`run:${run.modelId}:${run.runId}`}>This run</option>}
        {models.map((model) => (
          <option key={model.id} value={`model:${model.id}`}>
            Model: {model.name}
          </option>
        ))}
      </select>
      <select
        aria-label="When"
        className="input input-sm"
        value={filters.withinDays}
        onChange={(event) => set({ withinDays: Number(event.target.value) })}
      >
        {periods.map((period) => (
          <option key={period.days} value={period.days}>
            {period.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Archived"
        className="input input-sm"
        value={filters.archived}
        onChange={(event) => set({ archived: event.target.value as SearchFilters["archived"] })}
      >
        <option value="include">With archived</option>
        <option value="exclude">Without archived</option>
        <option value="only">Archived only</option>
      </select>
      <input
        aria-label="Tag"
        className="input input-sm"
        placeholder="#tag"
        maxLength={41}
        value={filters.tag}
        onChange={(event) => set({ tag: event.target.value.replace(/^#/, "") })}
      />
    </div>
  );
}
