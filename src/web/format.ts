/** Numbers as people read them on the floor: units always, "n/a" where the standard has no value. */

export const percent = (value: number | null | undefined) => (value === null || value === undefined ? "n/a" : `${(value * 100).toFixed(1)} %`);
export const count = (value: number | null | undefined, unit = "pcs") => (value === null || value === undefined ? "n/a" : `${Math.round(value).toLocaleString("en-US")} ${unit}`);

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "n/a";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function dateTime(value: string | Date | null | undefined): string {
  if (!value) return "–";
  const d = new Date(value);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** The same with seconds, where events seconds apart must be told apart (the audit log). */
export function dateTimeSeconds(value: string | Date | null | undefined): string {
  if (!value) return "–";
  const d = new Date(value);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** A time of day typed as 24 h UTC, hh:mm or hh:mm:ss (the UI shows every time so; no browser-locale 12 h picker). */
export const TIME_OF_DAY_PATTERN = "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?";
/** A date and time typed as 24 h UTC, YYYY-MM-DD hh:mm. */
export const DATE_TIME_PATTERN = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[ T]([01][0-9]|2[0-3]):[0-5][0-9]";

/** The instant typed as DATE_TIME_PATTERN, or null when it is no such date (2026-02-30). */
export function parseUtcDateTime(text: string): Date | null {
  if (!new RegExp(`^${DATE_TIME_PATTERN}$`).test(text.trim())) return null;
  const iso = `${text.trim().replace(" ", "T")}:00.000Z`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) || d.toISOString() !== iso ? null : d;
}

/** What people know a job order by: its work order's ERP number, its step, its product's name (the id is for links). */
export interface JobNames {
  readonly id: string;
  readonly workOrderErpId: string | null;
  readonly step: number | null;
  readonly productName: string | null;
}

export function jobTitle(job: JobNames): string {
  // A job order stored on its own has the id its sender chose; a released one, its order's UUID.
  const order = job.workOrderErpId ?? (job.step === null ? job.id : "order without ERP number");
  return [order, job.step === null ? null : `step ${job.step}`, job.productName].filter((part) => part !== null).join(" · ");
}

export const time = (value: string | Date | null | undefined) => (value ? new Date(value).toISOString().slice(11, 19) : "–");

/** Machine states and their colours, with a legend everywhere they appear. */
export const STATE_LABEL: Record<string, string> = {
  running: "Running",
  idle: "Idle",
  setup: "Setup",
  faulted: "Down (fault)",
  stopped: "Stopped",
  disconnected: "No connection",
  unknown: "Unknown",
  unrecorded: "Not recorded",
};
