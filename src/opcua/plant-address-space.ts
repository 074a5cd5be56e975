import {
  coerceStatusCode,
  resolveNodeId,
  DataType,
  NamespaceOptions,
  StatusCodes,
  Variant,
  type AddressSpace,
  type Namespace,
  type UAObject,
  type UAObjectType,
  type UAReferenceType,
  type UAVariable,
} from "node-opcua";
import { EquipmentLevel, flattenPlant, type EquipmentNode } from "../domain/equipment.js";
import { machineStateValue, type MachineState } from "../domain/machine-state.js";
import { workUnitsOf, type Plant } from "../domain/plant/plant.js";
import { plcConnectionStateValue, type PlcConnectionState } from "../domain/plc-connection.js";
import type { SignalSample } from "../domain/signal-sample.js";
import { Isa95Ids, ISA95_NAMESPACE_URI, MesIds, MES_NAMESPACE_URI, namespaceIndexOf } from "./namespaces.js";
import { setReceivedValue } from "./received-value.js";
import { populateWorkUnit } from "./work-unit-node.js";

export interface PlantNodes {
  /** The plant's namespace (opcua.namespaceUri): every equipment object and what hangs below it. */
  readonly namespace: Namespace;
  /** signal: the browse name of one of the work unit's signals. Unknown workUnit/signal: ignore (no throw). */
  setSignal(workUnitId: string, signal: string, sample: SignalSample): void;
  /** at: when the MES decided the state (the SourceTimestamp); the ServerTimestamp is now. */
  setMachineState(workUnitId: string, state: MachineState, at?: Date): void;
  /** Sets PlcLink.ConnectionState of every work unit wired to this PLC. */
  setPlcConnectionState(plcId: string, state: PlcConnectionState, at?: Date): void;
  /** NodeId (string form) of the equipment object, for tests and REST cross-checks. */
  nodeIdOf(equipmentId: string): string | undefined;
}

/**
 * Children of an instance get `<parent string id><separator><BrowseName>` NodeIds from node-opcua.
 * We want `press-1.MachineState`, `press-1.PlcLink.ConnectionState`: ids in the config may hold
 * '-', so '-' (node-opcua's default) would read ambiguously, and the REST and bench tools use '.'.
 */
const CHILD_NODE_ID_SEPARATOR = ".";

/** Runs `build` with children of instances named `<parent id>.<BrowseName>` (see CHILD_NODE_ID_SEPARATOR). */
export function withChildNodeIds(build: () => void): void {
  const separator = NamespaceOptions.nodeIdNameSeparator;
  NamespaceOptions.nodeIdNameSeparator = CHILD_NODE_ID_SEPARATOR;
  try {
    build();
  } finally {
    NamespaceOptions.nodeIdNameSeparator = separator;
  }
}

/**
 * Builds the plant under Objects: ISA-95 equipment objects nested with MadeUpOfEquipment
 * (OPC 10030 §9.4.1, a hierarchical reference, so generic clients browse level by level).
 * Instances live in the plant's namespace with NodeId `s=<equipment id>`, so SCADA configurations
 * survive restarts and reordering of the YAML. That namespace is not the server's own (index 1,
 * whose URI OPC 10000-5 §6.3.13 ties to the ApplicationUri of this one installation): its URI is
 * fixed by configuration, so `nsu=` references outlive host names and hold for every MES instance
 * serving the plant (OPC 10000-3 §8.2.2).
 */
export function buildPlantAddressSpace(addressSpace: AddressSpace, plant: Plant, namespaceUri: string = defaultPlantNamespaceUri(plant)): PlantNodes {
  const isa95 = namespaceIndexOf(addressSpace, ISA95_NAMESPACE_URI);
  const mes = namespaceIndexOf(addressSpace, MES_NAMESPACE_URI);
  const equipmentType = addressSpace.findNode(`ns=${isa95};i=${Isa95Ids.EquipmentType}`) as UAObjectType;
  const madeUpOf = addressSpace.findNode(`ns=${isa95};i=${Isa95Ids.MadeUpOfEquipment}`) as UAReferenceType;
  const workUnitType = addressSpace.findNode(`ns=${mes};i=${MesIds.WorkUnitType}`) as UAObjectType;
  if (!equipmentType || !madeUpOf || !workUnitType) throw new Error("ISA-95 or opcua-mes types missing from the address space");

  if (addressSpace.getNamespaceIndex(namespaceUri) >= 0) throw new Error(`opcua.namespaceUri ${namespaceUri} is the URI of a namespace the server has already: choose the plant's own`);
  const namespace = addressSpace.registerNamespace(namespaceUri);
  const objectsFolder = addressSpace.rootFolder.objects;
  const plcs = new Map(plant.plcs.map((plc) => [plc.id, plc]));
  const units = new Map(workUnitsOf(plant).map((unit) => [unit.id, unit]));

  const objects = new Map<string, UAObject>();
  const signals = new Map<string, UAVariable>();
  const machineStates = new Map<string, UAVariable>();
  const connectionStates = new Map<string, UAVariable[]>();

  const create = (node: EquipmentNode): UAObject => {
    const parent = node.parentId === null ? undefined : objects.get(node.parentId)!;
    const type = node.level === "WorkUnit" ? workUnitType : equipmentType;
    const object = type.instantiate({
      namespace,
      browseName: { name: node.name, namespaceIndex: namespace.index },
      displayName: node.name,
      // node-opcua would otherwise copy the type's description onto an instance the configuration left undescribed
      description: node.description ?? "",
      nodeId: `ns=${namespace.index};s=${node.id}`,
      optionals: ["EquipmentLevel"],
      ...(parent
        ? { references: [{ referenceType: madeUpOf.nodeId, isForward: false, nodeId: parent.nodeId }] }
        : { organizedBy: objectsFolder }),
    });
    // OPC 10030 §7.4.1 ISA95EquipmentElementLevelEnum
    (object.getChildByName("EquipmentLevel") as UAVariable).setValueFromSource({ dataType: DataType.Int32, value: EquipmentLevel[node.level] });
    return object;
  };

  withChildNodeIds(() => {
    for (const node of flattenPlant(plant.enterprise)) {
      const object = create(node);
      objects.set(node.id, object);
      if (node.level !== "WorkUnit") continue;
      const unit = units.get(node.id)!;
      const built = populateWorkUnit(addressSpace, namespace, object, unit, plcs.get(unit.plcId));
      machineStates.set(unit.id, built.machineState);
      for (const [name, variable] of built.signals) signals.set(`${unit.id}/${name}`, variable);
      const wired = connectionStates.get(unit.plcId) ?? [];
      wired.push(built.connectionState);
      connectionStates.set(unit.plcId, wired);
    }
  });

  return {
    namespace,
    setSignal(workUnitId, signal, sample) {
      const variable = signals.get(`${workUnitId}/${signal}`);
      if (!variable) return;
      const statusCode = coerceStatusCode(sample.statusCode);
      // OPC 10000-4 §7.7.1: a Bad value carries no meaning, so a Bad sample is pushed as null
      const bad = sample.statusCode >>> 30 >= 2 || sample.dataType === 0;
      if (!bad) adoptDataType(variable, sample.dataType);
      const value = bad ? new Variant({ dataType: DataType.Null }) : new Variant({ dataType: sample.dataType, arrayType: sample.arrayType, value: sample.value });
      // The PLC's SourceTimestamp as it sent it; the ServerTimestamp is when the MES received it.
      setReceivedValue(variable, value, statusCode, sample.sourceTimestamp);
    },
    setMachineState(workUnitId, state, at) {
      const variable = machineStates.get(workUnitId);
      if (variable) setReceivedValue(variable, { dataType: DataType.Int32, value: machineStateValue(state) }, StatusCodes.Good, at ?? null);
    },
    setPlcConnectionState(plcId, state, at) {
      const value = plcConnectionStateValue(state);
      for (const variable of connectionStates.get(plcId) ?? []) setReceivedValue(variable, { dataType: DataType.Int32, value }, StatusCodes.Good, at ?? null);
    },
    nodeIdOf(equipmentId) {
      return objects.get(equipmentId)?.nodeId.toString();
    },
  };
}

/** When mes.yaml names none: a URI of the enterprise, the same on every host. */
export function defaultPlantNamespaceUri(plant: Plant): string {
  return `urn:opcua-mes:plant:${plant.enterprise.id}`;
}

/**
 * A mirror starts as BaseDataType (the PLC's type is unknown until it answers) and takes the
 * built-in type of what the PLC sends: clients then see the real type, and node-opcua accepts
 * Boolean values only into a variable whose DataType is Boolean.
 */
function adoptDataType(variable: UAVariable, builtInType: number): void {
  if (variable.dataType.namespace === 0 && variable.dataType.value === builtInType) return;
  const node = variable as UAVariable & { _basicDataType?: unknown; $$dataType?: unknown };
  node.dataType = resolveNodeId(builtInType);
  // node-opcua caches the resolved type on the node; a stale cache would keep validating against BaseDataType.
  node._basicDataType = undefined;
  node.$$dataType = undefined;
}
