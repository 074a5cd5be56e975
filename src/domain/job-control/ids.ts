/** OPC 10031-4 (ISA-95 Job Control v2): the namespace both the MES's address space and a Machinery Jobs machine serve. */
export const JOB_CONTROL_NAMESPACE_URI = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";

/** Numeric ids inside the Job Control namespace (stable; the namespace index is not: it follows the load order). */
export const JobControlIds = {
  ISA95JobOrderReceiverObjectType: 1002,
  ISA95JobResponseProviderObjectType: 1003,
  ISA95JobResponseDataType: 3013,
  ISA95JobOrderStatusEventType: 1006,
  ISA95JobOrderDataType: 3008,
  ISA95JobOrderAndStateDataType: 3015,
  ISA95StateDataType: 3006,
} as const;
