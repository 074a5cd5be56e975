import {
  AttributeIds,
  CreateMonitoredItemsRequest,
  ModifyMonitoredItemsRequest,
  type Message,
  type MonitoringParameters,
  type ServerSecureChannelLayer,
} from "node-opcua";
import { GuardedOpcuaServer } from "./guarded-opcua-server.js";

/**
 * OPC 10000-4 §7.21 MonitoringParameters.queueSize: for an event item 0 asks for the server's
 * default queue and 1 for the smallest it requires. node-opcua answers both with 1, so all but
 * the last of a burst of events between two publishes are lost; this server's default and
 * minimum is the configured size (opcua.eventQueueSize). Larger requests are kept as asked.
 */
export function revisedEventQueueSize(requested: number, eventQueueSize: number): number {
  return requested <= 1 ? eventQueueSize : requested;
}

/** The MES server: event items get a queue that holds a burst (see revisedEventQueueSize). */
export class EventQueueingOpcuaServer extends GuardedOpcuaServer {
  private eventQueueSize = 1;

  /** Set before the server starts (opcua.eventQueueSize). */
  useEventQueueSize(size: number): void {
    this.eventQueueSize = size;
  }

  protected override _on_CreateMonitoredItemsRequest(message: Message, channel: ServerSecureChannelLayer): void {
    const request = message.request;
    if (request instanceof CreateMonitoredItemsRequest) {
      for (const item of request.itemsToCreate ?? []) {
        if (item.itemToMonitor.attributeId === AttributeIds.EventNotifier) this.revise(item.requestedParameters);
      }
    }
    super._on_CreateMonitoredItemsRequest(message, channel);
  }

  protected override _on_ModifyMonitoredItemsRequest(message: Message, channel: ServerSecureChannelLayer): void {
    const request = message.request;
    if (request instanceof ModifyMonitoredItemsRequest) {
      // The handler itself checks that the subscription is the session's; this only reads what the item watches.
      const subscription = this.engine.findSubscription(request.subscriptionId);
      for (const item of request.itemsToModify ?? []) {
        const monitored = subscription?.getMonitoredItem(item.monitoredItemId);
        if (monitored?.itemToMonitor.attributeId === AttributeIds.EventNotifier) this.revise(item.requestedParameters);
      }
    }
    super._on_ModifyMonitoredItemsRequest(message, channel);
  }

  private revise(parameters: MonitoringParameters | null | undefined): void {
    if (parameters) parameters.queueSize = revisedEventQueueSize(parameters.queueSize, this.eventQueueSize);
  }
}
