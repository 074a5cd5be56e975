import { isUnsecured } from "../domain/plant/plc.js";
import type { MesSettings, PlantFile } from "./schema.js";

type Problem = { path: string; message: string };

/**
 * The PLC links as the security profile wants them (STYLE.md lesson 11): under production, a link
 * with SecurityPolicy or mode None is refused unless that PLC says `allowUnsecured: true`, naming
 * each PLC; and a PLC password's environment variable must be set, so a link does not fail at
 * every connect for a missing secret.
 */
export function checkPlcSecurity(plant: PlantFile, profile: MesSettings["security"]["profile"], env: NodeJS.ProcessEnv): Problem[] {
  const problems: Problem[] = [];
  plant.plcs.forEach((plc, i) => {
    const { security } = plc;
    if (profile === "production" && isUnsecured(security) && !security.allowUnsecured) {
      problems.push({
        path: `plcs[${i}].security`,
        message: `PLC "${plc.id}" is linked with SecurityPolicy None, which security.profile production refuses; give it a policy and mode (e.g. Basic256Sha256, SignAndEncrypt) or mark it allowUnsecured: true`,
      });
    }
    if (security.passwordEnv !== undefined && !env[security.passwordEnv]) {
      problems.push({ path: `plcs[${i}].security.passwordEnv`, message: `PLC "${plc.id}": the environment variable ${security.passwordEnv} holding the password of "${security.user}" is not set` });
    }
  });
  return problems;
}
