/**
 * The number a job order's output lot gets, from a configurable rule such as
 * "{product}-{yyyyMMdd}-{seq:4}" (`inventory.outputLotNumber` in mes.yaml). ISA-95 leaves lot identification to the site (Part 2, Material lot
 * ID); plants number finished goods by product, order and day, so the rule takes those.
 */
export interface LotNumberContext {
  readonly productId: string;
  readonly jobOrderId: string;
  readonly workOrderId: string | null;
  readonly step: number;
  readonly at: Date;
  /** 1 for the first lot the rule makes with this prefix, 2 for the next, ... */
  readonly sequence: number;
}

export const DEFAULT_OUTPUT_LOT_RULE = "{product}-{yyyyMMdd}-{seq:4}";

/** {date} is {yyyyMMdd}; every date is the UTC day of the count that made the lot. */
const FIELD = /\{(product|job|workOrder|step|date|yyyyMMdd|yyMMdd|yyyy|MM|dd|seq)(?::(\d{1,2}))?\}/g;
export const LOT_RULE_FIELDS = "{product}, {job}, {workOrder}, {step}, {yyyyMMdd} (or {date}), {yyMMdd}, {yyyy}, {MM}, {dd} and {seq[:width]}";

/** Why a rule cannot number lots, or null. It must name {seq} or {job}, or two job orders would share a number. */
export function lotRuleProblem(rule: string): string | null {
  const leftover = rule.replace(FIELD, "");
  if (/[{}]/.test(leftover)) return `lot numbering rule "${rule}": only ${LOT_RULE_FIELDS} are known`;
  if (!/\{(seq|job)(:\d+)?\}/.test(rule)) return `lot numbering rule "${rule}" names neither {seq} nor {job}, so two lots would get one number`;
  if (/[^A-Za-z0-9._\-{}:/]/.test(rule)) return `lot numbering rule "${rule}": a lot number has letters, digits and . _ - / only`;
  return null;
}

const yyyymmdd = (at: Date) => at.toISOString().slice(0, 10).replace(/-/g, "");

export function formatLotNumber(rule: string, context: LotNumberContext): string {
  return rule.replace(FIELD, (_, field: string, width?: string) => {
    const value = {
      product: context.productId,
      job: context.jobOrderId,
      workOrder: context.workOrderId ?? "none",
      step: String(context.step),
      date: yyyymmdd(context.at),
      yyyyMMdd: yyyymmdd(context.at),
      yyMMdd: yyyymmdd(context.at).slice(2),
      yyyy: yyyymmdd(context.at).slice(0, 4),
      MM: yyyymmdd(context.at).slice(4, 6),
      dd: yyyymmdd(context.at).slice(6),
      seq: String(context.sequence),
    }[field]!;
    return width ? value.padStart(Number(width), "0") : value;
  });
}

/** The part of the number that comes before {seq}: lots sharing it are counted to find the next sequence. */
export function lotNumberPrefix(rule: string, context: Omit<LotNumberContext, "sequence">): string {
  const at = rule.search(/\{seq(:\d+)?\}/);
  return formatLotNumber(at < 0 ? rule : rule.slice(0, at), { ...context, sequence: 0 });
}
