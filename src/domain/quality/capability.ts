/** The specification a characteristic is made to; either limit may be absent (one-sided). */
export interface SpecLimits {
  readonly lsl: number | null;
  readonly usl: number | null;
}

/** Process capability (Cp, Cpk: sigma within) and performance (Pp, Ppk: overall sigma). */
export interface Capability {
  readonly mean: number;
  readonly sigmaWithin: number;
  readonly sigmaOverall: number;
  /** Null when a limit is missing: the spread index needs both. */
  readonly cp: number | null;
  readonly cpk: number | null;
  readonly pp: number | null;
  readonly ppk: number | null;
}

/** The sample standard deviation (n - 1 in the denominator): the overall sigma of Pp/Ppk. */
export function sampleStandardDeviation(values: readonly number[]): number {
  if (values.length < 2) throw new RangeError("a standard deviation needs at least 2 values");
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
}

const spread = ({ lsl, usl }: SpecLimits, sigma: number) => (lsl === null || usl === null || sigma === 0 ? null : (usl - lsl) / (6 * sigma));

/** min(USL - mean, mean - LSL) / 3 sigma, over the limits there are. */
function centred({ lsl, usl }: SpecLimits, mean: number, sigma: number): number | null {
  const sides = [usl === null ? null : usl - mean, lsl === null ? null : mean - lsl].filter((side): side is number => side !== null);
  if (sides.length === 0 || sigma === 0) return null;
  return Math.min(...sides) / (3 * sigma);
}

/**
 * Cp = (USL - LSL) / 6σ_within, Cpk = min(USL - μ, μ - LSL) / 3σ_within; Pp and Ppk the same with
 * the overall sample standard deviation (ISO 22514-2 §6; AIAG SPC manual, 2nd ed., ch. IV).
 * `sigmaWithin` comes from the control chart (R-bar/d2 or MR-bar/1.128).
 */
export function capability(values: readonly number[], sigmaWithin: number, spec: SpecLimits): Capability {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const sigmaOverall = sampleStandardDeviation(values);
  return {
    mean,
    sigmaWithin,
    sigmaOverall,
    cp: spread(spec, sigmaWithin),
    cpk: centred(spec, mean, sigmaWithin),
    pp: spread(spec, sigmaOverall),
    ppk: centred(spec, mean, sigmaOverall),
  };
}
