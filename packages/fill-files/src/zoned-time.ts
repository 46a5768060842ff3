// IBKR Flex writes local times without a zone ("20240315;093015"). Turning one into an instant
// needs the zone's offset at that moment (daylight saving), which Intl knows: no time library.

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(zone: string, at: number): number {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(at).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** Wall-clock fields in `zone` → ISO instant; null when the fields are no real date. */
export function zonedToIso(
  fields: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  zone: string,
): string | null {
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  const check = new Date(wall);
  if (
    check.getUTCMonth() !== fields.month - 1 ||
    check.getUTCDate() !== fields.day ||
    fields.hour > 23 ||
    fields.minute > 59 ||
    fields.second > 59
  )
    return null;
  // Twice: the first guess's offset can be the other side of a daylight-saving change.
  const first = wall - offsetMs(zone, wall);
  return new Date(wall - offsetMs(zone, first)).toISOString();
}

/** A zone Intl knows, else null. */
export function checkTimeZone(zone: string): string | null {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}
