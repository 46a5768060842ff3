import { useState } from "react";
import type { Summary } from "../api/types";
import { HistoryIcon } from "../ui/icons";

export function SummaryCard({ summary }: { summary: Summary }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="summary-card" aria-label="Summary of earlier messages" data-testid="summary-card">
      <button type="button" className="summary-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <HistoryIcon />
        <span className="summary-title">Summary of earlier messages</span>
        <span className="summary-hint">{open ? "Hide" : "Show"}</span>
      </button>
      <p className={open ? "summary-text" : "summary-text summary-text-clamped"}>{summary.text}</p>
    </section>
  );
}
