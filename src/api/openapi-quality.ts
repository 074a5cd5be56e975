import { body, dateTime, error, ok, pathParameter, queryParameters, ref } from "./openapi-parts.js";
import { controlLimitsBody, correctiveActionBody, dispositionBody, inspectionPlanBody, ncrBody, ncrQuery, qualityResultBody, qualityResultsQuery, spcChartQuery } from "./routes/quality-routes.js";

/** The quality door (ISA-95 Part 3 quality operations): inspection plans, results, SPC charts, NCRs. */
const number = { type: "number" };
const nullableNumber = { type: "number", nullable: true };
const nullableString = { type: "string", nullable: true };
const nullableDateTime = { ...dateTime, nullable: true };
const items = (schema: unknown) => ({ type: "object", required: ["items"], properties: { items: { type: "array", items: schema } } });
const planId = pathParameter("id", "inspection plan id");
const ncrId = pathParameter("id", "nonconformance report id");
const limits = { type: "object", properties: { center: number, lcl: number, ucl: number, sigma: number } };
const pairedLimits = { type: "object", properties: { location: limits, dispersion: limits, sigmaWithin: number } };
const characteristicId = pathParameter("id", "characteristic id");

export const qualitySchemas = {
  ControlLimits: {
    type: "object",
    required: ["characteristicId", "subgroupSize", "baseline", "points", "limits", "computedBy", "computedAt"],
    properties: {
      characteristicId: { type: "string" },
      subgroupSize: { type: "integer", description: "the subgroup size they were computed for; a plan changed to another size charts from its first points until they are recomputed" },
      baseline: {
        type: "object",
        required: ["kind"],
        description: "results: fromResultId .. toResultId inclusive; dates: from (inclusive) .. to (exclusive)",
        properties: { kind: { type: "string", enum: ["results", "dates"] }, fromResultId: { type: "string" }, toResultId: { type: "string" }, from: dateTime, to: dateTime },
      },
      points: { type: "integer", description: "chart points (subgroups or individuals) of the baseline" },
      limits: pairedLimits,
      computedBy: { type: "string" },
      computedAt: dateTime,
    },
  },
  Characteristic: {
    type: "object",
    required: ["id", "name", "kind"],
    description: "variable: nominal, lsl, usl, unit, subgroupSize, rules; attribute: defectCodes",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      kind: { type: "string", enum: ["variable", "attribute"] },
      nominal: number,
      lsl: nullableNumber,
      usl: nullableNumber,
      unit: { type: "string" },
      subgroupSize: { type: "integer" },
      rules: { type: "array", items: { type: "integer", minimum: 1, maximum: 8 } },
      defectCodes: { type: "array", items: { type: "string" } },
    },
  },
  InspectionPlan: {
    type: "object",
    required: ["id", "name", "productId", "step", "frequency", "sampleSize", "recordedBy", "holdJobOnSignal", "characteristics"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      productId: { type: "string" },
      step: { type: "integer" },
      frequency: { type: "object", required: ["kind"], properties: { kind: { type: "string", enum: ["first-off", "every-parts", "every-minutes", "last-off"] }, parts: { type: "integer" }, minutes: { type: "integer" } } },
      sampleSize: { type: "integer" },
      recordedBy: { type: "string", enum: ["inspector", "operator", "automatic"] },
      signalId: nullableString,
      holdJobOnSignal: { type: "boolean" },
      characteristics: { type: "array", items: ref("Characteristic") },
      updatedAt: dateTime,
    },
  },
  QualityResult: {
    type: "object",
    required: ["id", "characteristicId", "equipmentId", "passed", "recordedAt"],
    properties: {
      id: { type: "string" },
      planId: { type: "string" },
      characteristicId: { type: "string" },
      equipmentId: { type: "string" },
      jobOrderId: nullableString,
      lotId: nullableString,
      carrierId: nullableString,
      value: nullableNumber,
      passed: { type: "boolean", description: "the check passed, or the value is within its specification" },
      defectCode: nullableString,
      recordedBy: { type: "string" },
      source: { type: "string", description: "the door it came through" },
      recordedAt: dateTime,
    },
  },
  Ncr: {
    type: "object",
    required: ["id", "source", "description", "quantity", "status"],
    properties: {
      id: { type: "string" },
      source: { type: "string", enum: ["result", "spc", "manual"] },
      description: { type: "string" },
      quantity: { type: "integer" },
      lotIds: { type: "array", items: { type: "string" } },
      equipmentId: nullableString,
      jobOrderId: nullableString,
      productId: nullableString,
      characteristicId: nullableString,
      resultId: nullableString,
      openedBy: { type: "string" },
      openedAt: dateTime,
      status: { type: "string", enum: ["open", "dispositioned", "closed"] },
      disposition: { type: "string", nullable: true, enum: ["use-as-is", "rework", "scrap", "return-to-supplier", null] },
      dispositionBy: nullableString,
      dispositionAt: nullableDateTime,
      correctiveAction: {
        type: "object",
        nullable: true,
        properties: { description: { type: "string" }, owner: { type: "string" }, dueAt: dateTime, verifiedBy: nullableString, verifiedAt: nullableDateTime },
      },
    },
  },
};

const recordedResult = {
  type: "object",
  required: ["result", "signal", "ncrId"],
  properties: {
    result: ref("QualityResult"),
    signal: {
      type: "object",
      nullable: true,
      description: "what the result raised: a failed check, or the Nelson tests its chart point completed",
      properties: {
        characteristicId: { type: "string" },
        planId: { type: "string" },
        workUnitId: { type: "string" },
        jobOrderId: nullableString,
        lotId: nullableString,
        resultId: { type: "string" },
        kind: { type: "string", enum: ["failed-check", "spc"] },
        reasons: { type: "array", items: { type: "string" } },
        heldJob: { type: "boolean", description: "the running job order was put on Hold (per plan)" },
        at: dateTime,
      },
    },
    ncrId: { ...nullableString, description: "the NCR the result opened; null when none, or one was open already" },
  },
};

const chart = {
  type: "object",
  properties: {
    characteristic: ref("Characteristic"),
    kind: { type: "string", enum: ["xbar-r", "i-mr"] },
    points: { type: "array", items: { type: "object", properties: { location: number, dispersion: nullableNumber, values: { type: "array", items: { type: "integer" } } } } },
    baselinePoints: { type: "integer", description: "the first points the limits came from; 0 with stored limits" },
    limitsFrom: { type: "string", enum: ["baseline", "stored"], description: "baseline: the first baselinePoints points; stored: the limits stored for the characteristic" },
    limits: { ...pairedLimits, nullable: true },
    signals: { type: "array", items: { type: "object", properties: { rule: { type: "integer" }, name: { type: "string" }, at: { type: "integer" }, points: { type: "array", items: { type: "integer" } } } } },
    dispersionSignals: {
      type: "array",
      description: "R or moving-range points beyond their limits (test 1 on the dispersion chart, judged when the characteristic's rules include 1)",
      items: { type: "object", properties: { chart: { type: "string", enum: ["R", "MR"] }, name: { type: "string" }, at: { type: "integer" }, value: number } },
    },
    capability: { type: "object", nullable: true, properties: { mean: number, sigmaWithin: number, sigmaOverall: number, cp: nullableNumber, cpk: nullableNumber, pp: nullableNumber, ppk: nullableNumber } },
    resultIds: { type: "array", items: { type: "string" } },
    recordedAt: { type: "array", items: dateTime },
  },
};

export const qualityPaths = {
  "/api/v1/work-units/{id}/inspections": {
    get: {
      summary: "The inspections of the job order running on a work unit, each due or not and overdue or not (first-off after the setup, every N parts, every T minutes, last-off)",
      parameters: [pathParameter("id", "work unit id")],
      responses: {
        "200": ok("the plans that apply to the running job; none without one", {
          type: "object",
          required: ["equipmentId", "jobOrderId", "items"],
          properties: {
            equipmentId: { type: "string" },
            jobOrderId: nullableString,
            items: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  planId: { type: "string" },
                  planName: { type: "string" },
                  characteristicIds: { type: "array", items: { type: "string" } },
                  recordedBy: { type: "string", enum: ["inspector", "operator", "automatic"] },
                  sampleSize: { type: "integer" },
                  frequency: qualitySchemas.InspectionPlan.properties.frequency,
                  due: { type: "boolean" },
                  overdue: { type: "boolean" },
                  reason: { ...nullableString, description: "why it is due" },
                },
              },
            },
          },
        }),
        "404": error,
      },
    },
  },
  "/api/v1/quality/plans": {
    get: { summary: "Inspection plans, of one product when asked", parameters: [{ name: "productId", in: "query", required: false, schema: { type: "string" } }], responses: { "200": ok("the plans", items(ref("InspectionPlan"))), "400": error } },
  },
  "/api/v1/quality/plans/{id}": {
    get: { summary: "One inspection plan", parameters: [planId], responses: { "200": ok("the plan", ref("InspectionPlan")), "404": error } },
    put: {
      summary: "Create or replace an inspection plan: characteristics of a product at a routing step, sample size, frequency, who records, and whether a signal holds the job",
      parameters: [planId],
      requestBody: body(inspectionPlanBody),
      responses: { "200": ok("replaced", ref("InspectionPlan")), "201": ok("created", ref("InspectionPlan")), "400": error, "409": error },
    },
    delete: { summary: "Remove an inspection plan (its results stay)", parameters: [planId], responses: { "204": { description: "removed" }, "404": error } },
  },
  "/api/v1/quality/results": {
    get: { summary: "Inspection results, oldest first (the newest `limit`)", parameters: queryParameters(qualityResultsQuery), responses: { "200": ok("the results", items(ref("QualityResult"))), "400": error } },
    post: {
      summary: "Record an inspection result against its plan: a value for a variable characteristic, passed (and a defect code) for an attribute check; judged against the specification and the plan's SPC tests",
      requestBody: body(qualityResultBody),
      responses: { "201": ok("recorded, with what it raised", recordedResult), "400": error },
    },
  },
  "/api/v1/quality/results.csv": {
    get: {
      summary: "The same results as CSV (RFC 4180), for a spreadsheet",
      parameters: queryParameters(qualityResultsQuery),
      responses: { "200": { description: "one line per result", content: { "text/csv": { schema: { type: "string" } } } }, "400": error },
    },
  },
  "/api/v1/quality/characteristics/{id}/chart": {
    get: {
      summary: "A variable characteristic's control chart (X-bar/R or individuals/moving range) with limits from its first baselinePoints points, the Nelson tests that fired, and Cp, Cpk, Pp, Ppk",
      parameters: [pathParameter("id", "characteristic id"), ...queryParameters(spcChartQuery)],
      responses: { "200": ok("the chart", chart), "400": error },
    },
  },
  "/api/v1/quality/characteristics/{id}/limits": {
    get: { summary: "The control limits stored for a variable characteristic, with the baseline they came from", parameters: [characteristicId], responses: { "200": ok("the limits", ref("ControlLimits")), "400": error, "404": error } },
    put: {
      summary: "Compute the control limits from a chosen baseline (a range of results, or a time window) and store them: new results are judged against them",
      parameters: [characteristicId],
      requestBody: body(controlLimitsBody),
      responses: { "200": ok("stored", ref("ControlLimits")), "400": error },
    },
    delete: { summary: "Remove the stored limits: the chart takes its limits from its first points again", parameters: [characteristicId], responses: { "204": { description: "removed" }, "400": error, "404": error } },
  },
  "/api/v1/quality/characteristics/{id}/limits/recompute": {
    post: { summary: "Compute the stored limits again from their baseline (after results in it changed, or the subgroup size)", parameters: [characteristicId], responses: { "200": ok("recomputed", ref("ControlLimits")), "400": error, "404": error } },
  },
  "/api/v1/quality/ncrs": {
    get: { summary: "Nonconformance reports, newest first", parameters: queryParameters(ncrQuery), responses: { "200": ok("the NCRs", items(ref("Ncr"))), "400": error } },
    post: { summary: "Open an NCR by hand, or from a result (resultId)", requestBody: body(ncrBody), responses: { "201": ok("opened", ref("Ncr")), "400": error } },
  },
  "/api/v1/quality/ncrs/{id}": {
    get: { summary: "One NCR", parameters: [ncrId], responses: { "200": ok("the NCR", ref("Ncr")), "404": error } },
  },
  "/api/v1/quality/ncrs/{id}/disposition": {
    put: { summary: "Decide the disposition: use as is, rework, scrap or return to supplier", parameters: [ncrId], requestBody: body(dispositionBody), responses: { "200": ok("decided", ref("Ncr")), "400": error, "404": error, "409": error } },
  },
  "/api/v1/quality/ncrs/{id}/corrective-action": {
    put: { summary: "Set the corrective action: what, who, by when", parameters: [ncrId], requestBody: body(correctiveActionBody), responses: { "200": ok("set", ref("Ncr")), "400": error, "404": error, "409": error } },
  },
  "/api/v1/quality/ncrs/{id}/verify": {
    post: { summary: "Verify the corrective action worked; the NCR closes", parameters: [ncrId], responses: { "200": ok("closed", ref("Ncr")), "404": error, "409": error } },
  },
};

