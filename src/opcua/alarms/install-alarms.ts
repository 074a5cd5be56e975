import type { AddressSpace } from "node-opcua";
import type { EquipmentNode } from "../../domain/equipment.js";
import type { AlarmService } from "../../services/alarms/alarm-service.js";
import type { EventBus } from "../../services/event-bus.js";
import type { Log } from "../../services/log.js";
import type { MethodCaller } from "../access-control.js";
import type { PlantNodes } from "../plant-address-space.js";
import { installAlarmEventHistory } from "./alarm-event-history.js";
import { AlarmConditions } from "./alarm-conditions.js";
import { routeAlarmMethods } from "./alarm-methods.js";
import { installNotifierChain } from "./notifier-chain.js";

export interface AlarmNodesOptions {
  readonly addressSpace: AddressSpace;
  readonly plantNodes: PlantNodes;
  readonly equipment: readonly EquipmentNode[];
  readonly methodCaller: MethodCaller;
  readonly alarms: AlarmService;
  readonly bus: EventBus;
  readonly maxReturnEventValues: number;
  readonly log: Log;
}

/**
 * Alarms and Conditions on OPC UA (OPC 10000-9): the notifier chain from the Server object down
 * to the work units, a condition per alarm not yet closed (those restored from the store first),
 * their methods through the alarm service, and the alarm history as HistoryReadEvents on the
 * Server object. Install after the role permissions: the conditions come and go with the alarms.
 */
export function installAlarmNodes(options: AlarmNodesOptions): () => void {
  const { addressSpace, plantNodes, alarms, log } = options;
  // Binds ConditionRefresh and the condition types' methods (node-opcua leaves them unbound until asked).
  addressSpace.installAlarmsAndConditionsService();
  installNotifierChain(addressSpace, plantNodes, options.equipment);
  const conditions = new AlarmConditions(addressSpace, plantNodes, alarms.maxShelvingMs, log);
  routeAlarmMethods(options.methodCaller, addressSpace, conditions, alarms, log);
  installAlarmEventHistory(addressSpace, plantNodes, alarms, options.maxReturnEventValues, log);
  const show = (view: Parameters<AlarmConditions["show"]>[0]) => {
    try {
      conditions.show(view);
    } catch (error) {
      log.error(`alarm ${view.id}: its OPC UA condition was not updated`, error);
    }
  };
  for (const view of alarms.openAlarms()) show(view);
  const off = options.bus.on("alarm.changed", ({ alarm }) => show(alarm));
  return () => {
    off();
    conditions.clear();
  };
}
