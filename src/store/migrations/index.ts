import { InitialSchema1764000000000 } from "./1764000000000-initial-schema.js";
import { JobOrderTransitions1764100000000 } from "./1764100000000-job-order-transitions.js";
import { OrdersAndMasterData1764200000000 } from "./1764200000000-orders-and-master-data.js";
import { OeeCalendarsAndReasons1764300000000 } from "./1764300000000-oee-calendars-and-reasons.js";
import { RoutingSteps1764400000000 } from "./1764400000000-routing-steps.js";
import { PersonnelAndRosters1764500000000 } from "./1764500000000-personnel-and-rosters.js";
import { ProductionOperators1764600000000 } from "./1764600000000-production-operators.js";
import { UserAccounts1764700000000 } from "./1764700000000-user-accounts.js";
import { AccessTokens1764800000000 } from "./1764800000000-access-tokens.js";
import { EquipmentHeartbeats1764900000000 } from "./1764900000000-equipment-heartbeats.js";
import { SignalSamples1765000000000 } from "./1765000000000-signal-samples.js";
import { Quality1765200000000 } from "./1765200000000-quality.js";
import { JobOrderMaterialRequirements1765300000000 } from "./1765300000000-job-order-material-requirements.js";
import { Inventory1765600000000 } from "./1765600000000-inventory.js";
import { ControlLimits1765800000000 } from "./1765800000000-control-limits.js";
import { Alarms1765900000000 } from "./1765900000000-alarms.js";
import { Maintenance1766000000000 } from "./1766000000000-maintenance.js";
import { OeeHourSummaries1766100000000 } from "./1766100000000-oee-hour-summaries.js";
import { OeeDaySummaries1766200000000 } from "./1766200000000-oee-day-summaries.js";
import { OeeJobOrderRuns1766250000000 } from "./1766250000000-oee-job-order-runs.js";
import { JobOrderListedIndex1766300000000 } from "./1766300000000-job-order-listed-index.js";
import { ClusterLeases1766500000000 } from "./1766500000000-cluster-leases.js";
import { ClusterCommands1766700000000 } from "./1766700000000-cluster-commands.js";
import { PlcLinkStates1766800000000 } from "./1766800000000-plc-link-states.js";

/** In order; append, never reorder or edit. TypeORM wants a timestamp at the end of each name. */
export const MIGRATIONS = [InitialSchema1764000000000, JobOrderTransitions1764100000000, OrdersAndMasterData1764200000000, OeeCalendarsAndReasons1764300000000, RoutingSteps1764400000000, PersonnelAndRosters1764500000000, ProductionOperators1764600000000, UserAccounts1764700000000, AccessTokens1764800000000, EquipmentHeartbeats1764900000000, SignalSamples1765000000000, Quality1765200000000, JobOrderMaterialRequirements1765300000000, Inventory1765600000000, ControlLimits1765800000000, Alarms1765900000000, Maintenance1766000000000, OeeHourSummaries1766100000000, OeeDaySummaries1766200000000, OeeJobOrderRuns1766250000000, JobOrderListedIndex1766300000000, ClusterLeases1766500000000, ClusterCommands1766700000000, PlcLinkStates1766800000000];
