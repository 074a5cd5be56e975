import {
  DataType,
  StatusCodes,
  Variant,
  type AddressSpace,
  type Namespace,
  type UAObject,
  type UAVariable,
} from "node-opcua";
import type { WorkUnit } from "../domain/plant/plant.js";
import type { Plc } from "../domain/plant/plc.js";
import { isTag, type TagSignal } from "../domain/plant/signal.js";
import { euInformationOf } from "./engineering-units.js";

export interface WorkUnitNodes {
  readonly machineState: UAVariable;
  readonly connectionState: UAVariable;
  /** Signal browse name -> mirrored variable. */
  readonly signals: ReadonlyMap<string, UAVariable>;
}

/** A null value with this status: what a variable shows before its first real sample. */
export function waitingForInitialData(variable: UAVariable): void {
  variable.setValueFromSource(new Variant({ dataType: DataType.Null }), StatusCodes.BadWaitingForInitialData);
}

function child(node: UAObject, path: readonly string[]): UAVariable {
  let current: UAObject | UAVariable = node;
  for (const name of path) {
    const next = current.getChildByName(name) as UAObject | UAVariable | null;
    if (!next) throw new Error(`${node.nodeId.toString()} has no ${path.join(".")}: is nodesets/opcua-mes.NodeSet2.xml out of date?`);
    current = next;
  }
  return current as UAVariable;
}

/**
 * Fills in a WorkUnitType instance: the PLC link from configuration, the initial states and one
 * variable per configured signal. The variables mirror whatever the PLC sends, so they take any
 * type and shape (BaseDataType, ValueRank Any) and are exception based (sampling interval 0).
 */
export function populateWorkUnit(
  addressSpace: AddressSpace,
  namespace: Namespace,
  object: UAObject,
  unit: WorkUnit,
  plc: Plc | undefined,
): WorkUnitNodes {
  child(object, ["PlcLink", "PlcId"]).setValueFromSource({ dataType: DataType.String, value: unit.plcId });
  child(object, ["PlcLink", "EndpointUrl"]).setValueFromSource({ dataType: DataType.String, value: plc?.endpointUrl ?? null });
  const connectionState = child(object, ["PlcLink", "ConnectionState"]);
  connectionState.setValueFromSource({ dataType: DataType.Int32, value: 0 }); // Disconnected
  const machineState = child(object, ["MachineState"]);
  machineState.setValueFromSource({ dataType: DataType.Int32, value: 0 }); // Unknown

  const folder = object.getChildByName("Signals") as UAObject;
  const baseDataType = addressSpace.findDataType("BaseDataType")!;
  const objectId = object.nodeId.value as string;
  const signals = new Map<string, UAVariable>();
  const add = (browseName: string, description?: string, analog?: TagSignal["analog"]) => {
    const nodeId = `s=${objectId}.Signals.${browseName}`;
    // OPC 10000-8 §5.3.2.3: an analog value says its unit and normal range; its DataType is a Number the PLC's value refines.
    const variable = analog
      ? namespace.addAnalogDataItem({
          componentOf: folder,
          browseName,
          nodeId,
          description,
          dataType: "Number",
          engineeringUnits: euInformationOf(analog.unit),
          engineeringUnitsRange: analog.euRange,
          accessLevel: "CurrentRead",
          userAccessLevel: "CurrentRead",
          minimumSamplingInterval: 0,
        })
      : namespace.addVariable({
          componentOf: folder,
          browseName,
          nodeId,
          description,
          dataType: baseDataType,
          valueRank: -2,
          accessLevel: "CurrentRead",
          userAccessLevel: "CurrentRead",
          minimumSamplingInterval: 0,
        });
    waitingForInitialData(variable);
    signals.set(browseName, variable);
  };
  for (const signal of unit.signals) add(signal.name, signal.description, isTag(signal) ? signal.analog : undefined);
  return { machineState, connectionState, signals };
}
