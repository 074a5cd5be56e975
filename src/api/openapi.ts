import type { DeclaredRoute } from "./auth/route-access.js";
import { accessPaths, accessSchemas, securitySchemes } from "./openapi-access.js";
import { inventoryPaths, inventorySchemas } from "./openapi-inventory.js";
import { livePaths } from "./openapi-live.js";
import { metricsPaths } from "./openapi-metrics.js";
import { dateTime, queryParameters } from "./openapi-parts.js";
import { statesQuery } from "./routes/equipment-routes.js";
import { lossPaths, oeePaths, oeeSchemas } from "./openapi-oee.js";
import { nameOperations } from "./openapi-operation-ids.js";
import { orderPaths, orderSchemas } from "./openapi-orders.js";
import { personnelPaths, schedulePaths, scheduleSchemas } from "./openapi-schedule.js";
import { pkiPaths, pkiSchemas } from "./openapi-pki.js";
import { qualityPaths, qualitySchemas } from "./openapi-quality.js";
import { maintenancePaths, maintenanceSchemas } from "./openapi-maintenance.js";
import { alarmPaths, alarmSchemas } from "./openapi-alarms.js";

/** The OpenAPI 3 description of every route; a test checks that each route of the router is in it. */
const error = { $ref: "#/components/responses/Error" };
const idParameter = {
  name: "id",
  in: "path",
  required: true,
  description: "Equipment id as in config/plant.yaml (also the OPC UA NodeId `s=<id>` in the plant's namespace, opcua.namespaceUri).",
  schema: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" },
};

const level = { type: "string", enum: ["Enterprise", "Site", "Area", "StorageZone", "WorkCenter", "WorkUnit"] };
const machineState = { type: "string", enum: ["unknown", "idle", "running", "setup", "faulted", "stopped", "disconnected"] };
const stateHistory = {
  type: "object",
  properties: {
    equipmentId: { type: "string" },
    from: dateTime,
    to: dateTime,
    items: {
      type: "array",
      items: {
        type: "object",
        properties: {
          state: machineState,
          start: dateTime,
          end: { ...dateTime, nullable: true, description: "null while the state lasts" },
          faultCode: { type: "string", nullable: true },
          reasonCode: { type: "string", nullable: true, description: "the downtime reason of a stop" },
          jobOrderId: { type: "string", nullable: true },
        },
      },
    },
  },
};
const summary = {
  type: "object",
  required: ["id", "name", "level", "equipmentLevel"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    level,
    equipmentLevel: { type: "integer", description: "ISA95EquipmentElementLevelEnum value (OPC 10030): Enterprise 0, Site 1, Area 2, StorageZone 8, WorkCenter 10, WorkUnit 11" },
  },
};

/** `metrics`: whether GET /metrics is served (mes.yaml metrics.enabled), so the document lists only routes there are. */
export function openApiDocument(version: string, options: { metrics?: boolean } = {}): Record<string, unknown> {
  const document = {
    openapi: "3.0.3",
    info: {
      title: "opcua-mes REST API",
      version,
      license: { name: "MIT", url: "https://opensource.org/licenses/MIT" },
      description:
        "The ERP's and the web UI's door to the MES. Errors are `{error: {code, message, details}}`. Every route but login, health and this document needs an API token (Authorization: Bearer) or a web session; each operation names the roles it needs (401 without credentials, 403 with other roles).",
    },
    // Relative: the MES is wherever the document was fetched from (http.port, or behind a proxy).
    servers: [{ url: "/", description: "this MES: the host and port that served this document" }],
    security: [{ bearer: [] }, { session: [] }],
    paths: {
      "/healthz": {
        get: {
          summary: "Health of the MES: database reachable, PLC connection states",
          responses: { "200": { description: "healthy", content: json({ $ref: "#/components/schemas/Health" }) }, "503": { description: "database unreachable", content: json({ $ref: "#/components/schemas/Health" }) } },
        },
      },
      "/api/openapi.json": {
        get: { summary: "This document", responses: { "200": { description: "OpenAPI 3 document", content: json({ type: "object" }) } } },
      },
      "/api/v1/equipment": {
        get: {
          summary: "The ISA-95 equipment hierarchy (Enterprise > Site > Area > WorkCenter > WorkUnit)",
          responses: { "200": { description: "the tree", content: json({ type: "object", required: ["items"], properties: { items: { type: "array", items: { $ref: "#/components/schemas/EquipmentTreeNode" } } } }) } },
        },
      },
      "/api/v1/equipment/{id}": {
        get: {
          summary: "One piece of equipment, with live state, counters and PLC connection for a work unit",
          parameters: [idParameter],
          responses: { "200": { description: "the equipment", content: json({ $ref: "#/components/schemas/EquipmentDetail" }) }, "400": error, "404": error },
        },
      },
      "/api/v1/equipment/{id}/states": {
        get: {
          summary: "A work unit's recorded machine states in a window (at most 31 days), oldest first; time between them is time the MES did not record",
          parameters: [idParameter, ...queryParameters(statesQuery)],
          responses: { "200": { description: "the states, cut to the window", content: json(stateHistory) }, "400": error, "404": error },
        },
      },
      ...orderPaths,
      ...oeePaths,
      ...lossPaths,
      ...qualityPaths,
      ...maintenancePaths,
      ...schedulePaths,
      ...personnelPaths,
      ...accessPaths,
      ...pkiPaths,
      ...livePaths,
      ...(options.metrics === false ? {} : metricsPaths),
      ...inventoryPaths,
      ...alarmPaths,
    },
    components: {
      securitySchemes,
      schemas: {
        ...accessSchemas,
        ...pkiSchemas,
        ...orderSchemas,
        ...oeeSchemas,
        ...qualitySchemas,
        ...maintenanceSchemas,
        ...scheduleSchemas,
        ...inventorySchemas,
        ...alarmSchemas,
        EquipmentSummary: summary,
        EquipmentTreeNode: {
          allOf: [
            summary,
            {
              type: "object",
              required: ["children"],
              properties: {
                description: { type: "string", nullable: true },
                machineState: { ...machineState, description: "work units only" },
                children: { type: "array", items: { $ref: "#/components/schemas/EquipmentTreeNode" } },
              },
            },
          ],
        },
        EquipmentDetail: {
          allOf: [
            summary,
            {
              type: "object",
              required: ["parentId", "path", "children"],
              properties: {
                description: { type: "string", nullable: true },
                parentId: { type: "string", nullable: true },
                path: { type: "array", items: { $ref: "#/components/schemas/EquipmentSummary" }, description: "ancestors, enterprise first" },
                children: { type: "array", items: { $ref: "#/components/schemas/EquipmentSummary" } },
                live: { $ref: "#/components/schemas/WorkUnitLive" },
              },
            },
          ],
        },
        WorkUnitLive: {
          type: "object",
          required: ["machineState", "stateSince", "currentJob", "counters", "plc", "signals"],
          properties: {
            machineState,
            stateSince: { type: "string", format: "date-time", nullable: true },
            currentJob: { type: "string", nullable: true },
            counters: {
              type: "object",
              description: "the PLC's cumulative counters as last read",
              properties: { good: { type: "number", nullable: true }, reject: { type: "number", nullable: true } },
            },
            plc: {
              type: "object",
              properties: {
                id: { type: "string" },
                endpointUrl: { type: "string" },
                connectionState: { type: "string", enum: ["disconnected", "connecting", "connected"] },
                since: { type: "string", format: "date-time", nullable: true },
                lastError: { type: "string", nullable: true },
              },
            },
            signals: { type: "array", items: { $ref: "#/components/schemas/Signal" } },
          },
        },
        Signal: {
          type: "object",
          description: "a mirrored PLC signal with the PLC's status code and source timestamp",
          properties: {
            name: { type: "string" },
            value: { description: "the mirrored value as the PLC gave it (number, string, boolean, array), null before the first one" },
            quality: { type: "string", enum: ["good", "uncertain", "bad"] },
            statusCode: { type: "string", example: "BadNotConnected" },
            sourceTimestamp: { type: "string", format: "date-time", nullable: true },
          },
        },
        Health: {
          type: "object",
          properties: {
            status: { type: "string", enum: ["ok", "unavailable"] },
            database: { type: "object", properties: { dialect: { type: "string", enum: ["sqlite", "mysql"] }, status: { type: "string" } } },
            plcs: { type: "array", items: { type: "object", properties: { id: { type: "string" }, connectionState: { type: "string" } } } },
            startedAt: { type: "string", format: "date-time" },
          },
        },
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message", "details"],
              properties: {
                code: {
                  type: "string",
                  enum: ["invalid_input", "not_found", "conflict", "unavailable", "unauthenticated", "forbidden", "rate_limited", "payload_too_large", "unsupported_media_type", "method_not_allowed", "bad_request", "internal"],
                },
                message: { type: "string", description: "for people; programs read code and details" },
                details: {
                  type: "object",
                  description: "what the refusal is about; besides these, a refusal may name the record (id) or a limit",
                  additionalProperties: true,
                  properties: {
                    field: { type: "string", description: "the offending input, as a path: jobOrders[1].quantity, callbackUrl, body" },
                    reason: { type: "string", description: "why, e.g. duplicate, invalid_state, limit, too deep" },
                    problems: { type: "array", description: "400: every offending field, when there is more than one", items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } } },
                    state: { type: "string", description: "409 on a job command: the job order's state" },
                    command: { type: "string", description: "409 on a job command: the refused command, by its REST name" },
                    allowed: { type: "array", items: { type: "string" }, description: "409: the commands the state allows, by the names this API takes them (for a job order the same as its allowedCommands)" },
                    retryAfterSeconds: { type: "number", description: "429: also the Retry-After header" },
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        Error: { description: "refused; `details.field` names the offending input where there is one", content: json({ $ref: "#/components/schemas/Error" }) },
        Conflict: { description: "refused in this state: details name the current state and the allowed commands", content: json({ $ref: "#/components/schemas/Error" }) },
        Duplicate: { description: "the erpId or Idempotency-Key exists already with another product or quantity", content: json({ $ref: "#/components/schemas/Error" }) },
      },
    },
  };
  nameOperations(document.paths as Record<string, Record<string, Record<string, unknown>>>);
  return document;
}

/** Writes each route's declared access into its operation: the roles it needs, or no security for a public one. */
export function documentAccess(document: Record<string, unknown>, routes: readonly DeclaredRoute[]): void {
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  for (const route of routes) {
    const operation = paths[route.path.replace(/:(\w+)/g, "{$1}")]?.[route.method.toLowerCase()];
    if (!operation) continue;
    if (route.access === "public") operation.security = [];
    else {
      operation["x-permission"] = route.access;
      operation["x-roles"] = [...route.roles];
      const responses = operation.responses as Record<string, unknown>;
      responses["401"] ??= { $ref: "#/components/responses/Error" };
      responses["403"] ??= { $ref: "#/components/responses/Error" };
    }
  }
}

function json(schema: unknown) {
  return { "application/json": { schema } };
}
