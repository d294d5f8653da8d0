// Seating: which district a new player joins. Auto-balance puts each student in the district with the
// fewest seated players (lowest id on ties), up to the team size.

export interface Seated {
  district: number;
  isProjector: boolean;
  isBot: boolean;
}

export function seatCounts(players: readonly Seated[], districts: number): number[] {
  const counts = new Array<number>(districts).fill(0);
  for (const p of players) {
    if (p.isProjector || p.isBot) continue;
    if (p.district >= 0 && p.district < districts) counts[p.district]++;
  }
  return counts;
}

/** The district to seat a new player in, or -1 when every district has a full team. */
export function autoSeat(players: readonly Seated[], districts: number, teamSize: number): number {
  const counts = seatCounts(players, districts);
  let best = -1;
  for (let d = 0; d < districts; d++) {
    if (counts[d] >= teamSize) continue;
    if (best === -1 || counts[d] < counts[best]) best = d;
  }
  return best;
}
