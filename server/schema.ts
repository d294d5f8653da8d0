// The Colyseus Schema of a room: fields only, named exactly as the plain mirror in shared/mirror.ts,
// so that `room.state.toJSON()` is a RoomStateView. Written in one place: server/sync.ts.
import { ArraySchema, Encoder, MapSchema, Schema, type } from "@colyseus/schema";
import type {
  ChunkView,
  DistrictView,
  LinkView,
  PlayerView,
  ProposalView,
  RoomStateView,
  TileView,
} from "../shared/mirror.js";

// The default 8 KB encoder buffer is far too small (TECH-NOTES): the first full state of a 64×64 class
// room is ~240 KB, of a 128×128 lecture hall (40 districts, 400 players) ~975 KB
// (`npx tsx scripts/state-size.ts`). 2 MB holds the largest room without the encoder's grow-and-warn.
Encoder.BUFFER_SIZE = 2 * 1024 * 1024;

// The rules round rent and pay to cents and buzz and heritage to thousandths. Rent travels as whole
// cents and buzz and heritage as whole thousandths in uint16 (half of a float32); pay, which has no
// small bound, as float32 (fromMirror rounds it back to cents).
export class TileState extends Schema {
  @type("string") terrain = "land";
  @type("string") use = "empty";
  @type("int8") district = -1;
  @type("uint16") rent = 0;
  @type("uint16") creatives = 0;
  @type("uint8") f0 = 0;
  @type("uint8") f1 = 0;
  @type("uint8") f2 = 0;
  @type("uint8") f3 = 0;
  @type("uint8") f4 = 0;
  @type("uint8") f5 = 0;
  @type("uint16") buzz = 0;
  @type("uint16") heritage = 0;
  @type("boolean") protected = false;
  @type("boolean") converted = false;
  @type("float32") pay = 0;
}

export class ChunkState extends Schema {
  @type("uint8") cx = 0;
  @type("uint8") cy = 0;
  @type("uint8") w = 0;
  @type("uint8") h = 0;
  @type([TileState]) tiles = new ArraySchema<TileState>();
}

export class DistrictState extends Schema {
  @type("uint8") id = 0;
  @type("string") name = "";
  @type("string") character = "";
  @type("float64") budget = 0;
  @type("string") policies = "";
  @type("string") votes = "";
  @type("float64") distinctiveness = 0;
  @type("float64") displacedTotal = 0;
  @type("float64") initialCreatives = 0;
  @type("uint16") initialAnchors = 0;
  @type("float64") scoreOutput = 0;
  @type("float64") scoreJobs = 0;
  @type("float64") scoreCommunity = 0;
  @type("float64") scoreExportShare = 0;
  @type("float64") scoreDisplaced = 0;
  @type("float64") scoreTotal = 0;
  @type("float64") ledgerStart = 0;
  @type("float64") ledgerCredits = 0;
  @type("float64") ledgerDebits = 0;
  @type("uint8") seatCount = 0;
}

export class LinkState extends Schema {
  @type("uint32") id = 0;
  @type("string") kind = "";
  @type("uint16") a = 0;
  @type("uint16") b = 0;
  @type("int8") owner = 0;
  @type("uint8") year = 0;
}

export class ProposalState extends Schema {
  @type("uint32") id = 0;
  @type("string") kind = "";
  @type("int8") from = 0;
  @type("int8") to = 0;
  @type("float64") amount = 0;
  @type("string") linkKind = "";
  @type("int32") a = -1;
  @type("int32") b = -1;
  @type("uint8") year = 0;
}

export class PlayerState extends Schema {
  @type("string") id = "";
  @type("string") nickname = "";
  @type("int8") district = -1;
  @type("boolean") connected = false;
  @type("boolean") isHost = false;
  @type("boolean") isBot = false;
  @type("boolean") isProjector = false;
}

export class RoomState extends Schema {
  @type("string") code = "";
  @type("string") scenario = "";
  @type("string") phase = "lobby";
  @type("boolean") paused = false;
  @type("float64") phaseEndsAt = 0;
  @type("float64") remainingMs = 0;
  @type("uint8") year = 0;
  @type("uint8") years = 0;
  @type("uint8") width = 0;
  @type("uint8") height = 0;
  @type("float64") seed = 0;
  @type("boolean") chatEnabled = true;
  @type("boolean") chatMuted = false;
  @type("boolean") botsEnabled = true;
  @type("string") botStrategy = "mixed";
  @type("string") scenarioText = "";
  @type("float64") rentPressure = 1;
  @type("uint32") nextId = 0;
  @type("string") event = "";
  @type(["float64"]) demand = new ArraySchema<number>();
  @type("string") cityPolicies = "";
  @type("string") goalKind = "";
  @type("float64") goalValue = 0;
  @type("float64") goalTarget = 0;
  @type("float64") goalDisplacedShare = 0;
  @type("boolean") goalMet = false;
  @type("boolean") goalFailed = false;
  @type("int8") goalDistrict = -1;
  @type("float64") goalMaxDisplacedShare = 1;
  @type("string") queuedEvents = "";
  /** The rules' chronicle as JSON (for the debrief: start figures, placements, cluster records). */
  @type("string") chronicle = "";
  @type([ChunkState]) chunks = new ArraySchema<ChunkState>();
  @type([DistrictState]) districts = new ArraySchema<DistrictState>();
  @type([LinkState]) links = new ArraySchema<LinkState>();
  @type([ProposalState]) proposals = new ArraySchema<ProposalState>();
  @type({ map: PlayerState }) players = new MapSchema<PlayerState>();
}

// ---------------------------------------------------------------------------------------------
// Compile-time agreement of the Schema classes with the mirror's views (shared/mirror.ts): a field
// added to one and forgotten in the other fails `npm run typecheck`. (The mirror agrees with the
// rules' state by the round trip of tests/server/mirror.test.ts.)
type Fields<T> = Exclude<keyof T, keyof Schema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agree<S, V, Lists extends PropertyKey = never> = Same<Fields<S>, Exclude<keyof V, Lists>>;
const agree = <T extends true>(_: T) => _;
agree<Agree<TileState, TileView>>(true);
agree<Agree<ChunkState, ChunkView>>(true);
agree<Agree<DistrictState, DistrictView>>(true);
agree<Agree<LinkState, LinkView>>(true);
agree<Agree<ProposalState, ProposalView>>(true);
agree<Agree<PlayerState, PlayerView>>(true);
agree<Agree<RoomState, RoomStateView>>(true);
