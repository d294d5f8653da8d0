// Three public levers of the paper's section 5, as district policies (rows in kinds.ts) whose effects
// are small pure functions here; resolveYear calls them where it computes attraction, global access,
// firm deaths and revenue. Each is one idea of the paper, kept simple:
// - shared services and a development fund (lesson 3): public money for information services, trade
//   fairs and a fund helps a cluster's firms turn their links into lasting business;
// - international exchange (lesson 1): exhibitions, performances and training from abroad give the
//   city an international, tolerant culture and a first window on the world market;
// - IP transfer inside a cluster (lesson 5): rights pass smoothly between a cluster's firms, so each
//   linked sector earns from the others' works (it works best where IP is protected).
import type { Cluster } from "./clusters.js";
import type { District } from "./state.js";

/** Shared services: death risk of firms on the district's tiles that belong to a cluster. */
export const SERVICES_SURVIVAL = 0.75;
/** Shared services: death risk of the district's firms outside a cluster (the fund reaches them less). */
export const SERVICES_SURVIVAL_LONE = 0.95;

/** Factor on a firm's yearly death risk from its district's shared services. */
export function servicesDeathFactor(district: District | undefined, inCluster: boolean): number {
  if (!district?.policies.sharedServices) return 1;
  return inCluster ? SERVICES_SURVIVAL : SERVICES_SURVIVAL_LONE;
}

/** International exchange: global access it adds to the district (about half a global link). */
export const EXCHANGE_ACCESS = 0.1;
/** International exchange: attraction it adds to the district's tiles (openness, tolerance). */
export const EXCHANGE_ATTRACTION = 0.15;

/** A district's global access with its international exchange programme (capped at 1). */
export function exchangeAccess(district: District | undefined, access: number): number {
  if (!district?.policies.internationalExchange) return access;
  return Math.min(1, access + EXCHANGE_ACCESS);
}

/** Attraction a district's international exchange adds to each of its tiles. */
export function exchangeAttraction(district: District | undefined): number {
  return district?.policies.internationalExchange ? EXCHANGE_ATTRACTION : 0;
}

/** IP transfer: extra revenue per linked sector beyond the first in the firm's cluster, with IP
 * protection; without it, small creators cannot safely license, and a share of the gain is lost. */
export const IP_TRANSFER_RATE = 0.03;
export const IP_TRANSFER_UNPROTECTED = 0.4;

/** Factor on the revenue of a cluster tile's firms from its district's IP transfer policy. */
export function ipTransferFactor(
  district: District | undefined,
  cluster: Pick<Cluster, "linkedSectors"> | undefined,
  ipProtection: boolean,
): number {
  if (!district?.policies.ipTransfer || !cluster) return 1;
  const k = cluster.linkedSectors.length;
  if (k <= 1) return 1;
  return 1 + IP_TRANSFER_RATE * (k - 1) * (ipProtection ? 1 : IP_TRANSFER_UNPROTECTED);
}
