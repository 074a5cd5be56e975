/**
 * Wall-clock times in a plant's time zone turned into instants, with the IANA database of the
 * runtime (Intl), so a shift "06:00" stays at 06:00 across daylight-saving changes.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in ms (positive east of Greenwich). Offsets change
 * only on quarter hours, so they are remembered per zone and quarter hour: Intl is slow, and a
 * month of OEE for a plant asks thousands of times.
 */
export function zoneOffsetMs(timeZone: string, at: number): number {
  if (timeZone === "UTC") return 0;
  const key = `${timeZone}@${Math.floor(at / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, (offset = computeOffset(timeZone, at)));
  }
  return offset;
}

function computeOffset(timeZone: string, at: number): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** A local calendar day, as the zone sees it. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function localDateOf(timeZone: string, at: number): LocalDate {
  const shifted = new Date(at + zoneOffsetMs(timeZone, at));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday: 1 Monday ... 7 Sunday. */
export function weekdayOf(date: LocalDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

export const isoDate = (date: LocalDate): string => `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;

/**
 * The instant of a local wall-clock time. A time skipped by a daylight-saving jump is taken as
 * the same distance after the jump; a repeated time as its first occurrence.
 */
export function instantOf(timeZone: string, date: LocalDate, minutesOfDay: number): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutesOfDay);
  let guess = wall - zoneOffsetMs(timeZone, wall);
  const corrected = wall - zoneOffsetMs(timeZone, guess);
  if (corrected !== guess) guess = Math.min(guess, corrected);
  return guess;
}
