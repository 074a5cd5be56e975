/**
 * The standard aggregates of OPC 10000-13 that are not time-weighted (Average, Minimum, Maximum,
 * Count), over stored values: pure, so the hand-worked numbers of a test are this code's numbers.
 */

/** A stored value: its timestamp (ms), a number (or null for a value that is not one) and its quality. */
export interface HistorySample {
  readonly at: number;
  readonly value: number | string | null;
  readonly quality: "good" | "uncertain" | "bad";
}

export const SUPPORTED_AGGREGATES = ["Average", "Minimum", "Maximum", "Count"] as const;
export type AggregateName = (typeof SUPPORTED_AGGREGATES)[number];

/** One processed value; `status` names an OPC UA StatusCode, the flags its Part 11 §6.3 historian bits. */
export interface AggregateValue {
  readonly at: number;
  readonly value: number | null;
  readonly status: "Good" | "UncertainDataSubNormal" | "Bad" | "BadNoData";
  readonly calculated: boolean;
  readonly raw: boolean;
  /** OPC 10000-13 §5.3.3.2: the interval is shorter than the processing interval (the last one, cut at endTime). */
  readonly partial: boolean;
  /** OPC 10000-13 §5.4.3.10: more than one raw value has the minimum (maximum). */
  readonly multiValue: boolean;
}

export interface ProcessingInterval {
  readonly start: number;
  readonly end: number;
}

/**
 * OPC 10000-13 §5.4.2.2: [startTime, endTime) cut into intervals of processingInterval, the last one
 * shorter when it does not divide evenly; 0 means one interval. Forward only (the caller refuses
 * endTime < startTime). `from` resumes a request after a continuation point; `limit` bounds the count.
 */
export function processingIntervals(startTime: number, endTime: number, processingInterval: number, from = startTime, limit = Number.POSITIVE_INFINITY): ProcessingInterval[] {
  const step = processingInterval > 0 ? processingInterval : endTime - startTime;
  const intervals: ProcessingInterval[] = [];
  const first = startTime + Math.ceil((from - startTime) / step) * step;
  for (let start = first; start < endTime && intervals.length < limit; start += step) intervals.push({ start, end: Math.min(endTime, start + step) });
  return intervals;
}

/**
 * The aggregate over each interval. `samples` are sorted by time; `dataStart`/`dataEnd` bound what
 * the history holds (OPC 10000-13: an interval before the start or after the end of data is
 * Bad_NoData, for Count too). Values at an interval's start count in it, at its end in the next (§5.2.2).
 * Non-Good values are left out; with the default PercentDataGood/PercentDataBad of 100 (§4.2.1.2) an
 * interval is Good when every value is, Bad when none is, Uncertain_DataSubNormal otherwise (§5.4.3.2).
 */
export function aggregate(
  name: AggregateName,
  samples: readonly HistorySample[],
  intervals: readonly ProcessingInterval[],
  processingInterval: number,
  data: { readonly start: number | null; readonly end: number | null },
): AggregateValue[] {
  let index = 0;
  return intervals.map((interval) => {
    while (index < samples.length && samples[index].at < interval.start) index++;
    const inside: HistorySample[] = [];
    for (let i = index; i < samples.length && samples[i].at < interval.end; i++) inside.push(samples[i]);
    const partial = processingInterval > 0 && interval.end - interval.start < processingInterval;
    const none = (status: AggregateValue["status"]): AggregateValue => ({ at: interval.start, value: null, status, calculated: false, raw: false, partial: false, multiValue: false });
    const outsideData = data.start === null || interval.end <= data.start || (data.end !== null && interval.start > data.end);
    if (outsideData) return none("BadNoData");
    const good = inside.filter((s): s is HistorySample & { value: number } => s.quality === "good" && typeof s.value === "number" && Number.isFinite(s.value));
    const status: AggregateValue["status"] = good.length === inside.length ? "Good" : good.length === 0 ? "Bad" : "UncertainDataSubNormal";
    if (name === "Count") {
      // §5.4.3.21: no Good value in the interval counts zero.
      return { at: interval.start, value: good.length, status: status === "Bad" ? "Good" : status, calculated: true, raw: false, partial, multiValue: false };
    }
    if (good.length === 0) return none(inside.length === 0 ? "BadNoData" : "Bad");
    if (name === "Average") {
      // §5.4.3.5: the plain mean of the Good raw values, not weighted by time.
      const sum = good.reduce((total, s) => total + s.value, 0);
      return { at: interval.start, value: sum / good.length, status, calculated: true, raw: false, partial, multiValue: false };
    }
    // §5.4.3.10 / §5.4.3.11: the raw value itself, at its own timestamp (the first, when several have it).
    const better = name === "Minimum" ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
    let best = good[0];
    let count = 1;
    for (const sample of good.slice(1)) {
      if (better(sample.value, best.value)) {
        best = sample;
        count = 1;
      } else if (sample.value === best.value) count++;
    }
    return { at: best.at, value: best.value, status, calculated: false, raw: true, partial, multiValue: count > 1 };
  });
}
