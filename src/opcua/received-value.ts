import { DataValue, Variant, type StatusCode, type UAVariable, type VariantLike } from "node-opcua";

type SettableVariable = UAVariable & { _internal_set_dataValue?(dataValue: DataValue): void };

/**
 * Sets a variable to a value the MES received: SourceTimestamp is when the source (the PLC, or
 * the MES deciding a state) stamped it, ServerTimestamp when the MES received it (OPC 10000-4
 * §7.11). node-opcua's setValueFromSource gives both the source's time, so a PLC whose clock is
 * off would make the server look off too.
 */
export function setReceivedValue(variable: UAVariable, value: VariantLike, statusCode: StatusCode, sourceTimestamp: Date | null = null, receivedAt: Date = new Date()): void {
  const settable = variable as SettableVariable;
  if (typeof settable._internal_set_dataValue !== "function") {
    // An older node-opcua: one timestamp for both is still a valid value.
    variable.setValueFromSource(value, statusCode, sourceTimestamp ?? receivedAt);
    return;
  }
  const variant = Variant.coerce(value);
  // Validates the value against the variable's type as setValueFromSource would (it throws on a mismatch).
  (variable as UAVariable & { verifyVariantCompatibility?(variant: Variant): void }).verifyVariantCompatibility?.(variant);
  settable._internal_set_dataValue(new DataValue({ value: variant, statusCode, sourceTimestamp: sourceTimestamp ?? receivedAt, serverTimestamp: receivedAt }));
}
