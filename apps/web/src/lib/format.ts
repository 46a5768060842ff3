const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD", maximumFractionDigits: 2 });
const wholeMoney = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const compactMoney = new Intl.NumberFormat(undefined, {
  style: "currency",
  currency: "USD",
  notation: "compact",
  maximumFractionDigits: 1,
});
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", year: "numeric" });

export const formatMoney = (value: number) => money.format(value);
export const formatCompactMoney = (value: number) => compactMoney.format(value);
export const formatDate = (iso: string) => day.format(new Date(iso));

export function formatSignedMoney(value: number): string {
  return `${value > 0 ? "+" : ""}${money.format(value)}`;
}

/** Whole dollars, for tight spaces: rounded, and shown without cents so it does not look exact. */
export function formatSignedWholeMoney(value: number): string {
  return `${value > 0 ? "+" : ""}${wholeMoney.format(value)}`;
}

/** "just now", "5 min ago", "yesterday", then a date. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), "day");
  return formatDate(iso);
}

/** "1 fill", "2 fills": a count with its noun. */
export function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

const LABELS: Record<string, string> = { etfs: "ETFs", ai: "AI" };

export function humanize(value: string): string {
  const known = LABELS[value];
  if (known) return known;
  const text = value.replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
