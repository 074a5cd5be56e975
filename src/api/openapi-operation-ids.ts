/**
 * The operationId of every operation: the name a generated ERP client gives its method, so it is
 * chosen here once and kept stable (renaming one breaks every client generated from the document).
 * An operation missing here has none, and the Redocly lint test says which.
 */
export const OPERATION_IDS: Readonly<Record<string, string>> = {
  "get /healthz": "getHealth",
  "get /metrics": "getMetrics",
  "get /api/openapi.json": "getOpenApiDocument",
  "get /api/v1/equipment": "listEquipment",
  "get /api/v1/equipment/{id}": "getEquipment",
  "get /api/v1/equipment/{id}/states": "listEquipmentStates",
  "get /api/v1/materials": "listMaterials",
  "get /api/v1/materials/{id}": "getMaterial",
  "put /api/v1/materials/{id}": "putMaterial",
  "get /api/v1/products": "listProducts",
  "get /api/v1/products/{id}": "getProduct",
  "put /api/v1/products/{id}": "putProduct",
  "post /api/v1/work-orders": "createWorkOrder",
  "get /api/v1/work-orders": "listWorkOrders",
  "get /api/v1/work-orders/{id}": "getWorkOrder",
  "post /api/v1/work-orders/{id}/release": "releaseWorkOrder",
  "post /api/v1/work-orders/{id}/cancel": "cancelWorkOrder",
  "get /api/v1/work-orders/{id}/performance": "getWorkOrderPerformance",
  "get /api/v1/work-orders/{id}/callbacks": "listWorkOrderCallbacks",
  "get /api/v1/job-orders": "listJobOrders",
  "post /api/v1/job-orders": "storeJobOrder",
  "get /api/v1/job-orders/{id}": "getJobOrder",
  "put /api/v1/job-orders/{id}": "updateJobOrder",
  "post /api/v1/job-orders/{id}/{command}": "commandJobOrder",
  "get /api/v1/oee/{equipmentId}": "getOee",
  "get /api/v1/oee/{equipmentId}/current-shift": "getOeeCurrentShift",
  "get /api/v1/calendars": "listCalendars",
  "get /api/v1/calendars/{id}": "getCalendar",
  "put /api/v1/calendars/{id}": "putCalendar",
  "get /api/v1/reasons": "getReasons",
  "get /api/v1/downtime": "listDowntime",
  "get /api/v1/downtime/pareto": "getDowntimePareto",
  "put /api/v1/downtime/{id}/reason": "assignDowntimeReason",
  "post /api/v1/downtime/{id}/split": "splitDowntime",
  "get /api/v1/scrap": "listScrap",
  "post /api/v1/scrap": "classifyScrap",
  "get /api/v1/scrap/pareto": "getScrapPareto",
  "post /api/v1/schedule/preview": "previewSchedule",
  "post /api/v1/schedule/commit": "commitSchedule",
  "get /api/v1/schedule": "getSchedule",
  "get /api/v1/personnel": "listPersonnel",
  "get /api/v1/personnel/on-shift": "listPersonnelOnShift",
  "get /api/v1/personnel/{id}": "getPerson",
  "put /api/v1/personnel/{id}": "putPerson",
  "post /api/v1/rosters/preview": "previewRoster",
  "post /api/v1/rosters/commit": "commitRoster",
  "get /api/v1/rosters": "listRosterAssignments",
  "post /api/v1/auth/login": "login",
  "post /api/v1/auth/logout": "logout",
  "get /api/v1/auth/me": "getMe",
  "get /api/v1/users": "listUsers",
  "post /api/v1/users": "createUser",
  "get /api/v1/users/{id}": "getUser",
  "put /api/v1/users/{id}": "updateUser",
  "put /api/v1/users/{id}/password": "setUserPassword",
  "get /api/v1/users/{id}/tokens": "listUserTokens",
  "post /api/v1/users/{id}/tokens": "createUserToken",
  "delete /api/v1/users/{id}/tokens/{tokenId}": "revokeUserToken",
  "get /api/v1/audit": "listAuditEntries",
  "get /api/v1/overview": "getOverview",
  "get /api/v1/events": "streamEvents",
  "get /api/v1/work-units/{id}/queue": "getWorkUnitQueue",
  "post /api/v1/work-units/{id}/start-job": "startWorkUnitJob",
  "post /api/v1/work-units/{id}/finish-job": "finishWorkUnitJob",
  "get /api/v1/certificates": "listCertificates",
  "post /api/v1/certificates/{pki}/{thumbprint}/trust": "trustCertificate",
  "post /api/v1/certificates/{pki}/{thumbprint}/reject": "rejectCertificate",
};

/** Writes each operation's operationId from the table into the document. */
export function nameOperations(paths: Record<string, Record<string, Record<string, unknown>>>): void {
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const id = OPERATION_IDS[`${method} ${path}`];
      if (id) operation.operationId = id;
    }
  }
}
