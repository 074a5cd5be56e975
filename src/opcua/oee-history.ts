import {
  AccessLevelFlag,
  DataType,
  DataValue,
  HistoryData,
  HistoryReadResult,
  ReadProcessedDetails,
  ReadRawModifiedDetails,
  StatusCodes,
  type ISessionContext,
  type UAVariable,
} from "node-opcua";
import type { Period } from "../domain/oee/periods.js";
import type { Log } from "../services/log.js";
import type { OeeService } from "../services/oee-service.js";
import { OEE_VARIABLES, type OeeNodes, type OeeVariable } from "./oee-nodes.js";

/** A HistoryRead that asks for more than this many periods is cut, so one request cannot pin the server. */
const MAX_PERIODS = 10_000;

type HistoryCallback = (error: Error | null, result?: HistoryReadResult) => void;

/**
 * HistoryRead on every Oee variable, answered from the database: ReadRaw gives one value per
 * shift of the equipment's calendar; ReadProcessed one value per processing interval. Each value
 * is the figure of its own period, recomputed from that period's times and quantities (an OEE is
 * never averaged), timestamped at the period's start. ReadModified, ReadAtTime and events are not
 * kept and answer BadHistoryOperationUnsupported.
 */
export function installOeeHistory(nodes: OeeNodes, oee: OeeService, equipmentIds: readonly string[], log: Log): void {
  for (const equipmentId of equipmentIds) {
    for (const [name, variable] of nodes.variablesOf(equipmentId) ?? []) {
      variable.historizing = true;
      variable.accessLevel = AccessLevelFlag.CurrentRead | AccessLevelFlag.HistoryRead;
      variable.userAccessLevel = AccessLevelFlag.CurrentRead | AccessLevelFlag.HistoryRead;
      // node-opcua calls this with six arguments, the last a callback; it checks the arity.
      (variable as UAVariable & { _historyRead: unknown })._historyRead = function (_context: ISessionContext, details: unknown, _indexRange: unknown, _encoding: unknown, _continuation: unknown, callback: HistoryCallback) {
        read(equipmentId, name, details)
          .then((result) => callback(null, result))
          .catch((error) => {
            log.error(`HistoryRead of ${equipmentId}.Oee.${name} failed`, error);
            callback(null, new HistoryReadResult({ statusCode: StatusCodes.BadInternalError }));
          });
      };
    }
  }

  async function read(equipmentId: string, name: OeeVariable, details: unknown): Promise<HistoryReadResult> {
    const periods = await periodsFor(equipmentId, details);
    if (!Array.isArray(periods)) return new HistoryReadResult({ statusCode: periods });
    const series = await oee.series(equipmentId, periods.slice(0, MAX_PERIODS));
    const dataValues = series.map((figures) => {
      const value = OEE_VARIABLES[name](figures);
      return new DataValue({
        value: value === null ? { dataType: DataType.Null } : { dataType: DataType.Double, value },
        statusCode: value === null ? StatusCodes.BadNoData : StatusCodes.Good,
        sourceTimestamp: figures.from,
        serverTimestamp: figures.from,
      });
    });
    return new HistoryReadResult({ statusCode: StatusCodes.Good, historyData: new HistoryData({ dataValues }) });
  }

  async function periodsFor(equipmentId: string, details: unknown): Promise<Period[] | typeof StatusCodes.BadHistoryOperationUnsupported> {
    const now = Date.now();
    const end = (time: Date | null | undefined) => (time && time.getTime() > 0 ? time.getTime() : now);
    if (details instanceof ReadRawModifiedDetails && !details.isReadModified) {
      const start = details.startTime?.getTime() ?? 0;
      const shifts = await oee.shifts(equipmentId, new Date(Math.max(0, start)), new Date(end(details.endTime)));
      return details.numValuesPerNode > 0 ? shifts.slice(0, details.numValuesPerNode) : shifts;
    }
    if (details instanceof ReadProcessedDetails && details.processingInterval > 0) {
      const periods: Period[] = [];
      const stop = end(details.endTime);
      for (let start = details.startTime?.getTime() ?? stop; start < stop && periods.length < MAX_PERIODS; start += details.processingInterval) {
        periods.push({ start, end: Math.min(stop, start + details.processingInterval), label: new Date(start).toISOString() });
      }
      return periods;
    }
    return StatusCodes.BadHistoryOperationUnsupported;
  }
}
