import { StatusCodes, type DataValue, type StatusCode } from "node-opcua";
import type { SignalSample } from "../domain/signal-sample.js";

export function toSample(dataValue: DataValue): SignalSample {
  return {
    value: dataValue.value.value,
    dataType: dataValue.value.dataType,
    arrayType: dataValue.value.arrayType,
    statusCode: dataValue.statusCode.value,
    statusName: dataValue.statusCode.name,
    sourceTimestamp: dataValue.sourceTimestamp,
  };
}

export function statusSample(status: StatusCode = StatusCodes.BadNotConnected): SignalSample {
  return { value: null, dataType: 0, arrayType: 0, statusCode: status.value, statusName: status.name, sourceTimestamp: new Date() };
}
