import { z } from "zod";
import { calendarSchema } from "../config/calendar-schema.js";
import { downtimeParetoQuery, downtimeQuery, lossWindowQuery, reasonBody, scrapBody, splitBody } from "./routes/loss-routes.js";

/** OpenAPI paths and schemas of OEE and shift calendars. */

const error = { $ref: "#/components/responses/Error" };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" });
const dateTime = { type: "string", format: "date-time" };
const ms = (description: string) => ({ type: "number", description: `${description}, ms` });
const ratio = (description: string) => ({ type: "number", nullable: true, description: `${description}; null when there is nothing to divide by (n/a)` });

const firstPassFigures = {
  rq: { type: "number", description: "RQ rework quantity: parts NCRs dispositioned to rework" },
  ncrScrap: { type: "number", description: "parts NCRs dispositioned to scrap after they were counted" },
  reworkRatio: ratio("RQ / PQ"),
  firstPassYield: ratio("(GQ - RQ - NCR scrap) / PQ, never below 0"),
};

const figures = {
  elements: {
    type: "object",
    description: "ISO 22400-2 time elements, summed over the work units; actual times count inside planned busy time",
    properties: {
      potMs: ms("POT planned operation time"),
      pdotMs: ms("PDOT planned down time"),
      pbtMs: ms("PBT planned busy time"),
      aptMs: ms("APT actual production time"),
      austMs: ms("AUST actual unit setup time"),
      adetMs: ms("ADET actual unit delay time"),
      adotMs: ms("ADOT actual unit down time"),
      communicationLossMs: ms("PLC not reachable"),
      unknownMs: ms("planned busy time with no known state"),
      microStopMs: ms("micro-stop time (in ADET under iso, in APT under tpm)"),
      microStops: { type: "integer" },
      failures: { type: "integer" },
      productionOutsidePbtMs: ms("production outside planned busy time (shown, not counted)"),
      aoetMs: ms("AOET actual order execution time: from the actual start to the actual end of the units' job orders (a running one until now), overlaps on one unit counted once, inside planned busy time"),
    },
  },
  quantities: {
    type: "object",
    properties: {
      pq: { type: "number", description: "produced quantity" },
      gq: { type: "number", description: "good quantity" },
      sq: { type: "number", description: "scrap quantity" },
      idealMs: ms("sum of ideal cycle time x produced quantity"),
      pqWithoutIdeal: { type: "number", description: "parts whose product has no ideal cycle time on their unit" },
    },
  },
  recordedShare: {
    type: "number",
    nullable: true,
    description: "share of PBT whose machine state the MES recorded; the unrecorded rest (unknownMs) counts as a loss in availability. null with no planned time",
  },
  firstPass: {
    type: "object",
    description: "ISO 22400-2 rework quantity, rework ratio (6.2.17, RQ / PQ) and first-pass yield (6.2.15, GP / IP with IP = PQ and GP = GQ - RQ - parts an NCR scrapped), from the rework and scrap dispositions of the NCRs opened in the window; GQ and the quality ratio stay the PLC's",
    properties: {
      ...firstPassFigures,
      products: { type: "array", description: "the same per product made in the window (summed over the work units of a roll-up)", items: { type: "object", properties: { productId: { type: "string" }, pq: { type: "number" }, gq: { type: "number" }, ...firstPassFigures } } },
    },
  },
  kpis: {
    type: "object",
    properties: {
      availability: ratio("APT / PBT"),
      effectiveness: ratio("sum(PRI x PQ) / APT; may exceed 1 (flagged)"),
      qualityRate: ratio("GQ / PQ"),
      oee: ratio("availability x effectiveness x quality rate"),
      nee: ratio("net equipment effectiveness: setup not counted as loss"),
      throughputRatePerHour: ratio("PQ / AUBT per hour"),
      setupRatio: ratio("AUST / AUBT (ISO 22400-2 setup rate)"),
      scrapRatio: ratio("SQ / PQ"),
      allocationEfficiency: ratio("ISO 22400-2 allocation efficiency, AUBT / PBT (AUBT = APT + AUST + ADET)"),
      allocationRatio: ratio("ISO 22400-2 allocation ratio, AUBT / AOET; above 1 where the units were busy outside their job orders. Earlier versions gave AUBT / PBT under this name, which is allocationEfficiency"),
      mtbfMs: ratio("APT / failures"),
      mttrMs: ratio("ADOT / failures"),
      flags: {
        type: "array",
        description: "why a figure is n/a or suspect: no_planned_time (nothing to divide by), not_recorded (the MES knows no state in the planned time: every figure n/a), nothing_produced, ideal_cycle_time_missing, effectiveness_above_1",
        items: { type: "string", enum: ["no_planned_time", "not_recorded", "effectiveness_above_1", "ideal_cycle_time_missing", "nothing_produced"] },
      },
    },
  },
};

export const oeeSchemas = {
  OeeReport: {
    type: "object",
    properties: {
      equipmentId: { type: "string" },
      from: dateTime,
      to: dateTime,
      policy: { type: "object", properties: { microStopConvention: { type: "string", enum: ["iso", "tpm"] }, microStopThresholdS: { type: "number" } } },
      workUnits: { type: "array", items: { type: "string" } },
      // OpenAPI 3.0.3: a nullable enum lists null among its values.
      granularity: { type: "string", nullable: true, enum: ["hour", "shift", "day", null] },
      ...figures,
      periods: { type: "array", items: { type: "object", properties: { label: { type: "string" }, from: dateTime, to: dateTime, ...figures } } },
      shift: { type: "object", nullable: true, description: "current-shift only", properties: { name: { type: "string" }, date: { type: "string" }, start: dateTime, end: dateTime } },
    },
  },
  Calendar: {
    allOf: [toJson(calendarSchema), { type: "object", properties: { id: { type: "string" }, updatedAt: dateTime } }],
  },
};

const equipmentParameter = { name: "equipmentId", in: "path", required: true, description: "any equipment: a work unit, or a work center, area, site or enterprise (rolled up)", schema: { type: "string" } };
const queryParameter = (name: string, description: string, schema: unknown, required = false) => ({ name, in: "query", required, description, schema });

/** One OpenAPI query parameter per field of a query schema. */
function queryParameters(schema: z.ZodType) {
  const json = toJson(schema) as { properties: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({ name, in: "query", required: json.required?.includes(name) ?? false, schema: property }));
}
const body = (schema: z.ZodType) => ({ required: true, content: json(toJson(schema)) });
const reasonTree = { type: "array", items: { type: "object", properties: { code: { type: "string" }, name: { type: "string" }, children: { type: "array", items: {} } } } };
const paretoBars = {
  type: "array",
  items: { type: "object", properties: { key: { type: "string" }, value: { type: "number" }, count: { type: "integer" }, share: { type: "number" }, cumulativeShare: { type: "number" }, reason: { type: "array", nullable: true, items: { type: "string" } } } },
};
const downtimeEvent = {
  type: "object",
  properties: {
    id: { type: "string" },
    equipmentId: { type: "string" },
    state: { type: "string" },
    category: { type: "string", enum: ["delay", "downtime"] },
    start: dateTime,
    end: { ...dateTime, nullable: true },
    durationMs: { type: "number" },
    microStop: { type: "boolean" },
    faultCode: { type: "string", nullable: true },
    reasonCode: { type: "string", nullable: true },
    reason: { type: "array", nullable: true, items: { type: "string" }, description: "path from the root of the reason tree" },
    operators: { type: "array", items: { type: "string" }, description: "people rostered on the work center when the stop began" },
  },
};
const scrapEntry = {
  type: "object",
  properties: { id: { type: "string" }, equipmentId: { type: "string" }, jobOrderId: { type: "string", nullable: true }, at: dateTime, quantity: { type: "integer" }, reasonCode: { type: "string" }, comment: { type: "string", nullable: true }, reason: { type: "array", items: { type: "string" } } },
};
const scrapClassified = {
  type: "object",
  properties: {
    ...scrapEntry.properties,
    manual: { type: "boolean", description: "true: the entry also counted the parts as scrap (the PLC had not)" },
    window: {
      type: "object",
      description: "the shift (or day) of `at` whose counted scrap the entry was checked against, and what is left without a reason in it",
      properties: { label: { type: "string" }, from: dateTime, to: dateTime, counted: { type: "integer" }, classified: { type: "integer" }, unclassified: { type: "integer" } },
    },
  },
};
const idPath = { name: "id", in: "path", required: true, schema: { type: "string" }, description: "downtime event id (the state interval's)" };

export const lossPaths = {
  "/api/v1/reasons": { get: { summary: "The downtime and scrap reason trees, and the PLC fault-code map", responses: { "200": { description: "the trees", content: json({ type: "object", properties: { downtime: reasonTree, scrap: reasonTree, faultCodes: { type: "object" } } }) } } } },
  "/api/v1/downtime": {
    get: {
      summary: "Downtime events (stops) of any equipment's work units in a window, paged (limit, offset; order oldest or newest first)",
      parameters: queryParameters(downtimeQuery),
      responses: {
        "200": { description: "one page, oldest first unless order=newest; total counts every stop of the filter", content: json({ type: "object", properties: { items: { type: "array", items: downtimeEvent }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } } }) },
        "400": error,
        "404": error,
      },
    },
  },
  "/api/v1/downtime/pareto": {
    get: { summary: "Downtime by reason, biggest first (ms, clipped to the window)", parameters: queryParameters(downtimeParetoQuery), responses: { "200": { description: "the bars", content: json({ type: "object", properties: { totalMs: { type: "number" }, bars: paretoBars } }) }, "400": error, "404": error } },
  },
  "/api/v1/downtime/{id}/reason": {
    put: { summary: "Assign (or clear, with null) the reason of a stop", parameters: [idPath], requestBody: body(reasonBody), responses: { "200": { description: "the event", content: json(downtimeEvent) }, "400": error, "404": error } },
  },
  "/api/v1/downtime/{id}/split": {
    post: { summary: "Split a stop in two at a moment inside it; the second part may take its own reason", parameters: [idPath], requestBody: body(splitBody), responses: { "200": { description: "the two events", content: json({ type: "object", properties: { items: { type: "array", items: downtimeEvent } } }) }, "400": error, "404": error } },
  },
  "/api/v1/scrap": {
    get: { summary: "Scrap classifications of any equipment's work units in a window", parameters: queryParameters(lossWindowQuery), responses: { "200": { description: "oldest first", content: json({ type: "object", properties: { items: { type: "array", items: scrapEntry } } }) }, "400": error, "404": error } },
    post: {
      summary: "Give a reason to scrapped parts a work unit counted (at most its unclassified scrap in the shift of `at`), or, with manual: true, enter scrap the PLC did not count",
      requestBody: body(scrapBody),
      responses: { "201": { description: "classified (and, manual, counted)", content: json(scrapClassified) }, "400": error, "404": error, "409": error },
    },
  },
  "/api/v1/scrap/pareto": {
    get: {
      summary: "Scrap by reason, biggest first; counted scrap nobody classified is the bar 'unclassified'",
      parameters: queryParameters(lossWindowQuery),
      responses: { "200": { description: "the bars", content: json({ type: "object", properties: { counted: { type: "number" }, classified: { type: "number" }, bars: paretoBars } }) }, "400": error, "404": error },
    },
  },
};

export const oeePaths = {
  "/api/v1/oee/{equipmentId}": {
    get: {
      summary: "OEE (ISO 22400-2) for any equipment and period, with the times and quantities behind it, optionally per hour, shift or day",
      parameters: [
        equipmentParameter,
        queryParameter("from", "start, ISO 8601 with zone", { type: "string", format: "date-time" }, true),
        queryParameter("to", "end (exclusive); at most 400 days after from", { type: "string", format: "date-time" }, true),
        queryParameter("granularity", "periods to cut the window into (hourly for at most 31 days)", { type: "string", enum: ["hour", "shift", "day"] }),
      ],
      responses: { "200": { description: "the figures", content: json(ref("OeeReport")) }, "400": error, "404": error },
    },
  },
  "/api/v1/oee/{equipmentId}/current-shift": {
    get: { summary: "The current shift's figures so far (as on the OPC UA Oee objects)", parameters: [equipmentParameter], responses: { "200": { description: "the figures", content: json(ref("OeeReport")) }, "404": error } },
  },
  "/api/v1/calendars": { get: { summary: "Shift calendars", responses: { "200": { description: "all", content: json({ type: "object", properties: { items: { type: "array", items: ref("Calendar") } } }) } } } },
  "/api/v1/calendars/{id}": {
    get: { summary: "One shift calendar", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "the calendar", content: json(ref("Calendar")) }, "404": error } },
    put: {
      summary: "Create or replace a shift calendar (shifts with breaks, non-working days, planned down time, the equipment it plans)",
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      requestBody: { required: true, content: json(toJson(calendarSchema)) },
      responses: { "200": { description: "replaced", content: json(ref("Calendar")) }, "201": { description: "created", content: json(ref("Calendar")) }, "400": error, "409": error, "413": error, "415": error },
    },
  },
};
