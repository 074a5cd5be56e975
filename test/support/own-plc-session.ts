import type { MesCore } from "../../src/compose/mes-core.js";

/**
 * Whether this MES instance itself holds a usable session with the PLC (mes_plc_connected), as
 * opposed to showing a peer's session, which a clustered instance follows from the database.
 */
export async function hasOwnPlcSession(mes: Pick<MesCore, "metrics">, plcId: string): Promise<boolean> {
  const gauge = mes.metrics.registry.getSingleMetric("mes_plc_connected");
  if (!gauge) return false;
  const { values } = await gauge.get();
  return values.some((sample) => sample.labels.plc === plcId && sample.value === 1);
}
