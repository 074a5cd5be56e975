import { duration, STATE_LABEL, time } from "../format.js";

export interface RecordedState {
  state: string;
  start: string;
  end: string | null;
  faultCode: string | null;
}

/** The shift so far as recorded: each state in its colour, and time the MES did not record left as a gap of its own, never painted as a state. */
export function StateTimeline({ from, to, states }: { from: string; to: string; states: RecordedState[] }) {
  const start = new Date(from).getTime();
  const end = Math.max(new Date(to).getTime(), start + 1);
  const x = (t: number) => ((Math.min(Math.max(t, start), end) - start) / (end - start)) * 100;
  const parts: { state: string; start: number; end: number; faultCode: string | null }[] = [];
  let cursor = start;
  for (const s of states) {
    const a = Math.max(new Date(s.start).getTime(), start);
    const b = Math.min(s.end ? new Date(s.end).getTime() : end, end);
    if (a > cursor) parts.push({ state: "unrecorded", start: cursor, end: a, faultCode: null });
    if (b > a) parts.push({ state: s.state, start: a, end: b, faultCode: s.faultCode });
    cursor = Math.max(cursor, b);
  }
  if (cursor < end) parts.push({ state: "unrecorded", start: cursor, end, faultCode: null });
  const totals = new Map<string, number>();
  for (const part of parts) totals.set(part.state, (totals.get(part.state) ?? 0) + part.end - part.start);
  const summary = [...totals].map(([state, ms]) => `${STATE_LABEL[state] ?? state} ${duration(ms)}`).join(", ");
  return (
    <svg class="timeline" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={`State timeline from ${time(from)} to ${time(to)}: ${summary}`}>
      {parts.map((part) => (
        <rect key={`${part.state}-${part.start}`} x={x(part.start)} y="0" width={Math.max(0.2, x(part.end) - x(part.start))} height="10" class={`fill-${part.state}`} data-state={part.state}>
          <title>{`${STATE_LABEL[part.state] ?? part.state}${part.faultCode ? ` (fault ${part.faultCode})` : ""} ${time(new Date(part.start).toISOString())}–${time(new Date(part.end).toISOString())}`}</title>
        </rect>
      ))}
    </svg>
  );
}
