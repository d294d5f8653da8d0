// The size limits of a room, in one place: the zod schemas (settings, actions, scenarios), the rules
// (createGame), the host form and the server all read them from here.

/** Map sides a room may be created with, and the bounds a scenario file's own size must respect. */
export const MAP_SIZES = [24, 32, 48, 64, 96, 128] as const;
export type MapSize = (typeof MAP_SIZES)[number];
export const MAP_SIZE_MIN = 16;
export const MAP_SIZE_MAX = 128;

export const DISTRICTS_MIN = 2;
export const DISTRICTS_MAX = 40;

/** Students seated per district (a team); the host picks it, auto-seating fills teams evenly. */
export const TEAM_SIZE_MIN = 1;
export const TEAM_SIZE_MAX = 10;
export const TEAM_SIZE_DEFAULT = 5;

/** Students a room can seat at most: every district's full team. */
export const SEATS_MAX = DISTRICTS_MAX * TEAM_SIZE_MAX;
/** Clients a room admits at most: every seat, the host, projectors and students waiting for a seat. */
export const ROOM_CLIENTS_MAX = SEATS_MAX + 20;

/** The lecture-hall preset: 300–400 students as 30–40 teams in one city. */
export const LECTURE_HALL = { size: 128, districts: 40, teamSize: 10 } as const satisfies {
  size: MapSize;
  districts: number;
  teamSize: number;
};
