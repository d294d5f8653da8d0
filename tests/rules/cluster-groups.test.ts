// The groups of connected creative tiles (shared/clusters.ts, clusterGroupsOf): checked against a plain
// flood fill on random maps, and the year's second call (at its end) reusing the first call's work only
// when that gives the same groups. Then the chronicle's records followed into the groups: heirs, merged
// tiles and foundings.
import { describe, expect, it } from "vitest";
import {
  type ClusterFounding,
  type ClusterRecord,
  CREATIVE_USES,
  type GameState,
  LAND_USE_KINDS,
  type Link,
  Rng,
  resolveYear,
} from "../../shared/index.js";
import {
  CLUSTER_MIN_FIRMS,
  clusterGroups,
  clusterGroupsOf,
  foundingOf,
  recordClusterYear,
} from "../../shared/clusters.js";
import { addFirms, LAND, readTiles, Scratch, type TileWork, useIndex, WATER } from "../../shared/yearwork.js";
import { smallCity } from "./helpers.js";

const HOUSING = useIndex("housing");
const STUDIO = useIndex("studio");
const CREATIVE = new Set(CREATIVE_USES.map(useIndex));
const WORKSPACE = new Set([...CREATIVE, useIndex("derelict")]);

/** The groups by a breadth-first flood fill from each unvisited creative tile in ascending order (a
 * different route from the rules' union-find), with the same test for a cluster. */
function floodGroups(work: TileWork, width: number, links: readonly Link[]): number[][] {
  const n = work.n;
  const creative = (i: number) =>
    work.terrain[i] === LAND && (CREATIVE.has(work.use[i]) || work.firmTotal[i] > 0);
  const linked: number[][] = Array.from({ length: n }, () => []);
  for (const l of links) {
    linked[l.a].push(l.b);
    linked[l.b].push(l.a);
  }
  const seen = new Uint8Array(n);
  const groups: number[][] = [];
  for (let start = 0; start < n; start++) {
    if (seen[start] || !creative(start)) continue;
    const members = [start];
    seen[start] = 1;
    for (let k = 0; k < members.length; k++) {
      const i = members[k];
      const x = i % width;
      const next = [...linked[i]];
      if (x > 0) next.push(i - 1);
      if (x + 1 < width) next.push(i + 1);
      if (i >= width) next.push(i - width);
      if (i + width < n) next.push(i + width);
      for (const j of next) {
        if (seen[j] || !creative(j)) continue;
        seen[j] = 1;
        members.push(j);
      }
    }
    members.sort((a, b) => a - b);
    let firms = 0;
    let workspace = false;
    for (const i of members) {
      if (work.use[i] !== HOUSING) firms += work.firmTotal[i];
      if (WORKSPACE.has(work.use[i])) workspace = true;
    }
    if (firms >= CLUSTER_MIN_FIRMS && workspace) groups.push(members);
  }
  return groups;
}

/** A random map on a city's working copy: uses, water and firms drawn at random, and random links. */
function randomMap(seed: number, size: number, density: number) {
  const s = smallCity("steel-town", seed, size, 4);
  const work = readTiles(s.tiles);
  const rng = new Rng([seed, 7, 11, 13]);
  for (let i = 0; i < work.n; i++) {
    work.terrain[i] = rng.next() < 0.08 ? WATER : LAND;
    work.use[i] = rng.next() < density ? rng.int(LAND_USE_KINDS.length) : HOUSING;
    const f = work.firmTotal[i];
    if (f > 0) addFirms(work, i, 0, -f);
    if (rng.next() < density) addFirms(work, i, rng.int(6), 1 + rng.int(3));
  }
  const links: Link[] = [];
  for (let k = 0; k < size; k++) {
    const a = rng.int(work.n);
    const b = rng.int(work.n);
    if (a !== b) links.push({ id: k + 1, kind: "research", a, b, owner: 0, year: 0 });
  }
  return { work, links, width: s.width };
}

const plain = (g: { groups: number[][]; clusterOf: Int32Array }) => ({
  groups: g.groups,
  clusterOf: Array.from(g.clusterOf),
});

describe("cluster groups", () => {
  it("are the connected creative tiles (neighbours and links) that qualify, as a flood fill finds them", () => {
    let listed = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { work, links, width } = randomMap(seed, 20 + seed, 0.2 + seed * 0.05);
      const found = clusterGroupsOf(work, width, links);
      const expected = floodGroups(work, width, links);
      expect(found.groups).toEqual(expected);
      const clusterOf = new Array(work.n).fill(-1);
      expected.forEach((g, id) => {
        for (const i of g) clusterOf[i] = id;
      });
      expect(Array.from(found.clusterOf)).toEqual(clusterOf);
      // The year's scratch arrays (holding an earlier map's values) give the same groups.
      const scratch = new Scratch();
      clusterGroupsOf(randomMap(seed + 50, 20 + seed, 0.5).work, width, [], scratch, "output");
      expect(plain(clusterGroupsOf(work, width, links, scratch, "output"))).toEqual(plain(found));
      listed += expected.length;
    }
    expect(listed).toBeGreaterThan(12);
  });

  it("come back as the same groups at the year's end only when the same roots still qualify", () => {
    const { work, links, width } = randomMap(3, 32, 0.45);
    const scratch = new Scratch();
    const first = clusterGroupsOf(work, width, links, scratch, "output");
    expect(first.groups.length).toBeGreaterThan(1);
    // One more firm on a tile that holds some: the same tiles, the same groups, handed back as they were.
    const busy = first.groups[0].find((i) => work.firmTotal[i] > 0)!;
    addFirms(work, busy, 0, 1);
    const same = clusterGroupsOf(work, width, links, scratch, "end", first.partition);
    expect(same.groups).toBe(first.groups);
    expect(same.clusterOf).toBe(first.clusterOf);
    expect(plain(same)).toEqual(plain(clusterGroupsOf(work, width, links)));
    // A group whose firms all leave its studios (still creative tiles), while a creative tile outside
    // every group becomes a studio with five firms: the same partition and as many groups, but not the
    // same ones, so the groups are listed afresh.
    const last = first.groups[first.groups.length - 1];
    for (const i of last) {
      work.use[i] = STUDIO;
      const o = i * 6;
      for (let s = 0; s < 6; s++) if (work.firms[o + s] > 0) addFirms(work, i, s, -work.firms[o + s]);
    }
    const { creative } = first.partition!;
    const outside = first.clusterOf.findIndex((g, i) => g < 0 && creative[i] === 1);
    work.use[outside] = STUDIO;
    addFirms(work, outside, 2, CLUSTER_MIN_FIRMS);
    const moved = clusterGroupsOf(work, width, links, scratch, "end", first.partition);
    expect(moved.partition?.rootOf).toBe(first.partition?.rootOf);
    expect(moved.groups.length).toBe(first.groups.length);
    expect(moved.groups).not.toEqual(first.groups);
    expect(moved.groups.some((g) => g.includes(outside))).toBe(true);
    expect(plain(moved)).toEqual(plain(clusterGroupsOf(work, width, links)));
  });
});

describe("the chronicle's records followed into this year's groups", () => {
  /** A city with at least two clusters, its groups, and a founding to stamp records with. */
  const setup = () => {
    let s = smallCity("global-city", 9);
    for (let y = 0; y < 40 && clusterGroups(s).groups.length < 2; y++) s = resolveYear(s).state;
    const { groups } = clusterGroups(s);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    const founding = (year: number, tiles: number[]): ClusterFounding => ({ ...foundingOf(s, tiles), year });
    return { s, groups, founding };
  };
  const withRecords = (s: GameState, clusters: ClusterRecord[]): GameState => ({
    ...s,
    chronicle: { ...s.chronicle!, clusters, nextCluster: 10 },
  });

  it("give a record every group it holds most of, its tiles merged in order", () => {
    const { s, groups, founding } = setup();
    const [a, b] = groups;
    const both = [...a, ...b].sort((x, y) => x - y);
    const f = founding(1, both);
    const prev = withRecords(s, [{ id: 4, foundings: [f], tiles: both }]);
    const next = recordClusterYear(prev, s)!;
    const heir = next.clusters.find((r) => r.id === 4)!;
    expect(heir.tiles).toEqual(both);
    expect(heir.foundings).toEqual([f]);
    // The other groups are new: founded now, numbered from the chronicle's next id.
    expect(next.clusters.length).toBe(groups.length - 1);
    expect(next.clusters.slice(1).map((r) => r.id)).toEqual(groups.slice(2).map((_, k) => 10 + k));
    expect(next.nextCluster).toBe(10 + groups.length - 2);
  });

  it("make the record a group overlaps most its heir (ties: the older), keeping the others' foundings", () => {
    const { s, groups, founding } = setup();
    const a = groups[0].length >= 3 ? groups[0] : groups[1];
    const third = Math.floor(a.length / 3);
    const small = a.slice(0, third);
    const large = a.slice(third);
    const fs = founding(1, small);
    const fl = founding(2, large);
    // The later record holds more of the group: it is the heir, and the smaller one merges into it.
    let next = recordClusterYear(
      withRecords(s, [
        { id: 1, foundings: [fs], tiles: small },
        { id: 2, foundings: [fl], tiles: large },
      ]),
      s,
    )!;
    let heir = next.clusters.find((r) => r.tiles.includes(a[0]))!;
    expect(heir.id).toBe(2);
    expect(heir.tiles).toEqual(a);
    expect(heir.foundings).toEqual([fl, fs]);
    expect(next.clusters.some((r) => r.id === 1)).toBe(false);
    // As much of the group each: the older record is the heir.
    const half = Math.floor(a.length / 2);
    const first = a.slice(0, half);
    const second = a.slice(half, 2 * half);
    next = recordClusterYear(
      withRecords(s, [
        { id: 7, foundings: [fl], tiles: second },
        { id: 8, foundings: [fs], tiles: first },
      ]),
      s,
    )!;
    heir = next.clusters.find((r) => r.tiles.includes(a[0]))!;
    expect(heir.id).toBe(7);
    expect(heir.foundings).toEqual([fl, fs]);
    // A founding reached through both records counts once.
    next = recordClusterYear(
      withRecords(s, [
        { id: 7, foundings: [fl, fs], tiles: second },
        { id: 8, foundings: [fs], tiles: first },
      ]),
      s,
    )!;
    expect(next.clusters.find((r) => r.id === 7)!.foundings).toEqual([fl, fs]);
  });
});
