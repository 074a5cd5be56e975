import { addAggregateStandardFunctionSupport, DataType, type AddressSpace, type AggregateFunction, type UAObject, type UAVariable } from "node-opcua";

/** The fields of node-opcua's server-engine object that HistoryServerCapabilities' properties read (its class is not exported). */
export interface HistoryServerCapabilities {
  accessHistoryDataCapability: boolean;
  accessHistoryEventsCapability: boolean;
  maxReturnDataValues: number;
  maxReturnEventValues: number;
  insertDataCapability: boolean;
  replaceDataCapability: boolean;
  updateDataCapability: boolean;
  deleteRawCapability: boolean;
  deleteAtTimeCapability: boolean;
  insertEventCapability: boolean;
  replaceEventCapability: boolean;
  updateEventCapability: boolean;
  deleteEventCapability: boolean;
  insertAnnotationCapability: boolean;
}

/**
 * Server.ServerCapabilities.HistoryServerCapabilities (OPC 10000-11 §5.4.2) as this server is:
 * data history read, nothing inserted, replaced or deleted through OPC UA, event history only where a door adds it (the alarms do); the
 * aggregates it computes listed under both AggregateFunctions folders (OPC 10000-13 §4.4).
 * `capabilities` is the object node-opcua binds most of those properties to.
 */
export function advertiseHistoryCapabilities(addressSpace: AddressSpace, capabilities: HistoryServerCapabilities, options: { maxReturnDataValues: number; aggregates: readonly AggregateFunction[] }): void {
  Object.assign(capabilities, {
    accessHistoryDataCapability: true,
    accessHistoryEventsCapability: false,
    maxReturnDataValues: options.maxReturnDataValues,
    maxReturnEventValues: 0,
    insertDataCapability: false,
    replaceDataCapability: false,
    updateDataCapability: false,
    deleteRawCapability: false,
    deleteAtTimeCapability: false,
    insertEventCapability: false,
    replaceEventCapability: false,
    updateEventCapability: false,
    deleteEventCapability: false,
    insertAnnotationCapability: false,
  } satisfies HistoryServerCapabilities);
  const history = (addressSpace.rootFolder.objects.server.getChildByName("ServerCapabilities") as UAObject).getChildByName("HistoryServerCapabilities") as UAObject;
  // Not bound by node-opcua: every value carries the time the MES received it.
  (history.getChildByName("ServerTimestampSupported") as UAVariable | null)?.setValueFromSource({ dataType: DataType.Boolean, value: true });
  for (const aggregate of options.aggregates) addAggregateStandardFunctionSupport(addressSpace, aggregate);
}
