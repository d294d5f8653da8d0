// Scores a cluster classifier on the hand-built cities of tests/rules/cluster-cities.ts: how many
// get the expected formation path and internal structure (or, for non-clusters, no cluster).
// Run: npx tsx scripts/classifier-table.ts [path/to/clusters.ts]
// With no argument it scores shared/clusters.ts (which reads the cities' recorded foundings). To score
// the first classifier: git show 2c14218~1:shared/clusters.ts > shared/old-clusters.ts, then pass
// ../shared/old-clusters.ts (it ignores the foundings: it only sees today's map).
import type { GameState } from "../shared/index.js";
import { recordClusterYear } from "../shared/clusters.js";
import { startChronicle } from "../shared/debrief.js";
import { buildCity, CITY_CASES } from "../tests/rules/cluster-cities.js";

type Classified = { tiles: number[]; path: string; structure: string };
const modulePath = process.argv[2] ?? "../shared/clusters.js";
const mod = (await import(modulePath)) as {
  findClusters: (s: GameState) => { clusters: Classified[]; clusterOf: Int32Array };
};

let right = 0;
for (const c of CITY_CASES) {
  const s0 = buildCity(c.founded, 1);
  const founded = { ...s0, chronicle: startChronicle(s0) };
  let s: GameState = founded;
  if (c.later) {
    const s1 = buildCity(c.later, 4);
    s = { ...s1, chronicle: recordClusterYear(founded, s1) };
  }
  const { clusters, clusterOf } = mod.findClusters(s);
  const at = clusterOf[c.probe[1] * s.width + c.probe[0]];
  const got = at >= 0 ? { path: clusters[at].path, structure: clusters[at].structure } : null;
  const ok = JSON.stringify(got) === JSON.stringify(c.expect);
  if (ok) right++;
  console.log(
    `${ok ? "ok  " : "MISS"} ${c.name}: got ${JSON.stringify(got)}${ok ? "" : `, expected ${JSON.stringify(c.expect)}`}`,
  );
}
console.log(`\n${right} of ${CITY_CASES.length} right`);
