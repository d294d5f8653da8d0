// Keys every catalogue must carry for the game's kinds and error codes, derived from shared/ so a new
// kind or error code fails the typecheck until both languages name it.
import type { ErrorCode } from "../../shared/actions.js";
import type { FormationPath, InternalStructure } from "../../shared/clusters.js";
import type { CheckKey, DebriefMetric, RecommendationId, Uptake } from "../../shared/debrief.js";
import type {
  Character,
  CityPolicy,
  DistrictPolicy,
  LandUse,
  LinkType,
  Sector,
  Terrain,
} from "../../shared/kinds.js";
import type { Phase } from "../../shared/mirror.js";
import type { ProtocolErrorCode } from "../../shared/protocol.js";
import type { CityEventKind } from "../../shared/state.js";

export type KindKey =
  | `use.${LandUse}`
  | `link.${LinkType}`
  | `policy.${DistrictPolicy}`
  | `cityPolicy.${CityPolicy}`
  | `sector.${Sector}`
  | `character.${Character}`
  | `terrain.${Terrain}`
  | `cityEvent.${CityEventKind}`
  | `phase.${Phase}`
  | `err.${ErrorCode}`
  | `err.${ProtocolErrorCode}`
  | `metric.${DebriefMetric}`
  | `uptake.${Uptake}`
  | `check.${CheckKey}`
  | `rec.${RecommendationId}.${"title" | "advice" | "question"}`
  | `clusterPath.${FormationPath}`
  | `clusterStructure.${InternalStructure}`;
