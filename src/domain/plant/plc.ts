/** How the MES, as OPC UA client, reaches one PLC and how its subscription is set. */
export interface Plc {
  readonly id: string;
  readonly name?: string;
  /** opc.tcp://host:port/path */
  readonly endpointUrl: string;
  /** How often the PLC sends changes. */
  readonly publishingIntervalMs: number;
  /** 0 asks for exception-based sampling: the PLC reports each change. */
  readonly samplingIntervalMs: number;
  /** Back-off between connection attempts after a lost or refused link. */
  readonly reconnect: { readonly initialDelayMs: number; readonly maxDelayMs: number };
}
