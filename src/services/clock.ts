import { randomBytes } from "node:crypto";

/** Time and identity are side effects: services take them injected, tests pass fixed ones. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type IdGenerator = () => string;

/**
 * UUIDv7 (RFC 9562 §5.7): time-ordered, so high-volume rows insert at the end of an InnoDB
 * primary key, and unique across MES instances sharing one database without coordination.
 */
export const uuidV7: IdGenerator = () => {
  const bytes = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
