// Where things go on the map, in tiles and world units: bridges over narrow water, a district's
// bounding box, and the street path a walker takes. Pure (no Phaser, no DOM), tested in Node.

/** World units per tile (the camera's coordinates). */
export const T = 16;

/** Water tiles drawn as bridges: 1 horizontal, 2 vertical, 0 none. Terrain never changes in a game. */
export function findBridges(s: { width: number; height: number; tiles: { terrain: string }[] }): Uint8Array {
  const out = new Uint8Array(s.tiles.length);
  const wet = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < s.width && y < s.height && s.tiles[y * s.width + x].terrain === "water";
  for (let y = 0; y < s.height; y++) {
    let x = 0;
    while (x < s.width) {
      if (!wet(x, y)) {
        x++;
        continue;
      }
      let e = x;
      while (wet(e, y)) e++;
      // A run of 1–4 water tiles with land on both sides: a bridge on every seventh row.
      if (e - x <= 4 && x > 0 && e < s.width && y % 7 === 3)
        for (let k = x; k < e; k++) out[y * s.width + k] = 1;
      x = e;
    }
  }
  for (let x = 0; x < s.width; x++) {
    let y = 0;
    while (y < s.height) {
      if (!wet(x, y)) {
        y++;
        continue;
      }
      let e = y;
      while (wet(x, e)) e++;
      if (e - y <= 4 && y > 0 && e < s.height && x % 7 === 3)
        for (let k = y; k < e; k++) if (!out[k * s.width + x]) out[k * s.width + x] = 2;
      y = e;
    }
  }
  return out;
}

export function manhattan(w: number, a: number, b: number): number {
  return Math.abs((a % w) - (b % w)) + Math.abs(Math.floor(a / w) - Math.floor(b / w));
}

/** From the middle of tile a out to its kerb, along the streets (tile edges), into tile b. */
export function streetPath(w: number, a: number, b: number, rnd: () => number): number[] {
  const ax = a % w;
  const ay = Math.floor(a / w);
  const bx = b % w;
  const by = Math.floor(b / w);
  const side = rnd() < 0.5 ? 0 : 1;
  const kx = (ax + side) * T;
  const ky = (ay + 1) * T - 2;
  const ex = (bx + side) * T;
  const ey = (by + 1) * T - 2;
  return [ax * T + T / 2, ay * T + T * 0.75, kx, ky, ex, ky, ex, ey, bx * T + T / 2, by * T + T * 0.75];
}

/** The bounding box (in tiles) of a district, or null if it has no tile. */
export function districtBox(
  s: { width: number; tiles: { district: number }[] },
  d: number,
): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let i = 0; i < s.tiles.length; i++) {
    if (s.tiles[i].district !== d) continue;
    const x = i % s.width;
    const y = Math.floor(i / s.width);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return x1 < 0 ? null : { x0, y0, x1, y1 };
}
