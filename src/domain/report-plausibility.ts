/**
 * How many parts one progress report of a station may carry before the MES calls it implausible:
 * a multiple of what the job still has to make (at least one part, so an overrun of a finished
 * job's last part is still taken). A PLC that reports 4,000,000,000 parts on a job of 3 has a
 * broken counter or a broken program; taking it would wreck the job's totals and every OEE figure
 * built on them.
 */
export function plausibleReportLimit(planned: number, goodSoFar: number, multiple: number): number {
  const remaining = Math.max(1, Math.ceil(planned - goodSoFar));
  return Math.ceil(remaining * multiple);
}
