/**
 * Who executes a work unit's job orders, that is, who gives the executor's events of OPC 10031-4
 * (Begin: it started; Complete: it finished). A station with a dispatch driver does so itself (its
 * PLC calls the MES, or the MES follows its tags or its Machinery Jobs lists); on a station without
 * one nothing tells the MES when work starts, so the operator says it.
 */
export type JobExecutor = "station" | "operator";

/** A work unit's dispatch driver by name (`dispatch.driver` of the plant model); equipment that is no work unit has none. */
export function executorOf(driver: string | undefined): JobExecutor {
  return driver === undefined || driver === "none" ? "operator" : "station";
}
