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
