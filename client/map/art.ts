// The city's drawn art: one small picture per land use, anchor and terrain, painted by our own code
// with the Canvas 2D API (no image files, no letters). Each picture is drawn in a 32-unit box and
// scaled to the texture's resolution, so the same code paints the map tiles (at any resolution) and
// the legend's icons. A building's silhouette tells its use without colour: saw-tooth roofs for
// factories, skylights for studios, a quad for the university, columns for the museum, and so on.
// Phaser-free: the map draws these pictures into its textures, the legend shows them as images.
import { ANCHOR_KINDS, type LandUse } from "../../shared/kinds.js";

type Ctx = CanvasRenderingContext2D;

/** What a tile shows: a land use, or water (with or without a bridge), or an empty park lot. */
export type ArtKind = LandUse | "water" | "bridgeH" | "bridgeV" | "parkland";

export const ART_KINDS: readonly ArtKind[] = [
  "empty",
  "housing",
  "commerce",
  "leisure",
  "park",
  "factory",
  "derelict",
  "studio",
  "heritage",
  "gateway",
  ...ANCHOR_KINDS,
  "water",
  "bridgeH",
  "bridgeV",
  "parkland",
];

/** Variants per kind (colour and detail changes), picked per tile so streets do not look stamped. */
export const VARIANTS = 3;

const INK = "rgba(40,32,28,0.75)";
const PAVE = ["#ddd6c6", "#d8d0bf", "#e1dacb"];
const ROOF_RED = ["#b5523b", "#a2573f", "#c0684a"];
const WALL = ["#efe2c8", "#e8d6b6", "#f3e8d2"];
const GLASS = "#8fc3e0";
const GREEN = ["#5f9e4f", "#6aa85a", "#578f48"];

/** Paints one kind into a 32×32 box at (0,0) (scale the context first for other sizes). */
export function paintArt(ctx: Ctx, kind: ArtKind, v: number, anchorColour = "#ffffff"): void {
  ctx.save();
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  ctx.lineWidth = 1;
  switch (kind) {
    case "water":
      water(ctx, v);
      break;
    case "bridgeH":
    case "bridgeV":
      water(ctx, v);
      bridge(ctx, kind === "bridgeV");
      break;
    case "parkland":
      grass(ctx, v);
      trees(ctx, v, [
        [9, 10, 6],
        [22, 20, 7],
        [10, 24, 4],
      ]);
      break;
    case "empty":
      lot(ctx, v);
      break;
    case "park":
      grass(ctx, v);
      ctx.strokeStyle = "#e6dcc0";
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(0, 22);
      ctx.quadraticCurveTo(14, 14, 32, 18);
      ctx.stroke();
      trees(ctx, v, [
        [8, 9, 5],
        [20, 8, 6],
        [25, 25, 5],
        [9, 27, 4],
      ]);
      // A bench: the park is built, not wild.
      ctx.fillStyle = "#7a5a3a";
      ctx.fillRect(14, 21, 6, 2);
      break;
    default:
      pave(ctx, v);
      building(ctx, kind, v, anchorColour);
  }
  ctx.restore();
}

function pave(ctx: Ctx, v: number) {
  ctx.fillStyle = PAVE[v % PAVE.length];
  ctx.fillRect(0, 0, 32, 32);
  // Kerb lines at the tile's edges: the street grid between blocks.
  ctx.fillStyle = "rgba(120,110,95,0.35)";
  ctx.fillRect(0, 0, 32, 1);
  ctx.fillRect(0, 0, 1, 32);
}

function grass(ctx: Ctx, v: number) {
  ctx.fillStyle = ["#a9d48f", "#a2cf88", "#b0d895"][v % 3];
  ctx.fillRect(0, 0, 32, 32);
  ctx.fillStyle = "rgba(70,120,50,0.35)";
  for (let k = 0; k < 6; k++) {
    const x = (k * 11 + v * 7) % 30;
    const y = (k * 17 + v * 5) % 30;
    ctx.fillRect(x + 1, y + 1, 1, 2);
  }
}

function trees(ctx: Ctx, v: number, at: [number, number, number][]) {
  for (const [x, y, r] of at) {
    ctx.fillStyle = "rgba(30,50,20,0.3)";
    ctx.beginPath();
    ctx.ellipse(x + 2, y + 2, r, r * 0.8, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = GREEN[(v + x) % GREEN.length];
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.strokeStyle = "rgba(30,60,25,0.6)";
    ctx.stroke();
    ctx.fillStyle = "rgba(255,255,255,0.25)";
    ctx.beginPath();
    ctx.arc(x - r * 0.35, y - r * 0.35, r * 0.4, 0, Math.PI * 2);
    ctx.fill();
  }
}

function water(ctx: Ctx, v: number) {
  ctx.fillStyle = ["#6fa8d6", "#74acd9", "#6aa3d2"][v % 3];
  ctx.fillRect(0, 0, 32, 32);
  ctx.strokeStyle = "rgba(255,255,255,0.55)";
  ctx.lineWidth = 1.2;
  for (const [x, y] of [
    [4 + v * 3, 9],
    [14 - v * 2, 21],
    [20 + v, 12],
  ]) {
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.quadraticCurveTo(x + 3, y - 3, x + 6, y);
    ctx.quadraticCurveTo(x + 9, y + 3, x + 12, y);
    ctx.stroke();
  }
}

function bridge(ctx: Ctx, vertical: boolean) {
  if (vertical) {
    ctx.translate(32, 0);
    ctx.rotate(Math.PI / 2);
  }
  ctx.fillStyle = "rgba(20,40,60,0.35)";
  ctx.fillRect(0, 12, 32, 11);
  ctx.fillStyle = "#b9ad98";
  ctx.fillRect(0, 10, 32, 11);
  ctx.fillStyle = "#8d806c";
  ctx.fillRect(0, 10, 32, 2);
  ctx.fillRect(0, 19, 32, 2);
  ctx.fillStyle = "#6b604f";
  for (let x = 2; x < 32; x += 6) {
    ctx.fillRect(x, 9, 2, 3);
    ctx.fillRect(x, 19, 2, 3);
  }
  ctx.strokeStyle = "rgba(255,255,255,0.5)";
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  ctx.moveTo(0, 15.5);
  ctx.lineTo(32, 15.5);
  ctx.stroke();
  ctx.setLineDash([]);
}

function lot(ctx: Ctx, v: number) {
  ctx.fillStyle = ["#e6dcc4", "#e2d7bd", "#e9e0ca"][v % 3];
  ctx.fillRect(0, 0, 32, 32);
  ctx.fillStyle = "rgba(120,110,95,0.35)";
  ctx.fillRect(0, 0, 32, 1);
  ctx.fillRect(0, 0, 1, 32);
  // Gravel and tufts: an open lot waiting for a use.
  ctx.fillStyle = "rgba(140,125,100,0.45)";
  for (let k = 0; k < 7; k++)
    ctx.fillRect(((k * 13 + v * 5) % 28) + 2, ((k * 7 + v * 11) % 28) + 2, 1.5, 1.5);
  ctx.fillStyle = "rgba(100,150,70,0.7)";
  for (const [x, y] of [
    [7 + v * 4, 22],
    [22, 8 + v * 3],
  ]) {
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 1.5, y - 3);
    ctx.lineTo(x + 3, y);
    ctx.fill();
  }
}

/** A block in three-quarter view: a roof seen from above and a front wall with windows below it. */
function block(
  ctx: Ctx,
  x: number,
  y: number,
  w: number,
  h: number,
  roof: string,
  wall: string,
  wallH = 5,
  windows = true,
) {
  ctx.fillStyle = "rgba(30,25,20,0.28)";
  ctx.fillRect(x + 2, y + 2, w, h);
  ctx.fillStyle = wall;
  ctx.fillRect(x, y + h - wallH, w, wallH);
  ctx.fillStyle = roof;
  ctx.fillRect(x, y, w, h - wallH);
  if (windows && wallH >= 4) {
    ctx.fillStyle = "rgba(60,80,100,0.75)";
    for (let wx = x + 2; wx + 2 <= x + w - 1; wx += 4) ctx.fillRect(wx, y + h - wallH + 1.5, 2, 2);
  }
  ctx.strokeStyle = INK;
  ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
  ctx.beginPath();
  ctx.moveTo(x, y + h - wallH + 0.5);
  ctx.lineTo(x + w, y + h - wallH + 0.5);
  ctx.stroke();
}

function pennant(ctx: Ctx, x: number, y: number, colour: string) {
  ctx.strokeStyle = "#3a3330";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x, y - 9);
  ctx.stroke();
  ctx.fillStyle = colour;
  ctx.beginPath();
  ctx.moveTo(x, y - 9);
  ctx.lineTo(x + 7, y - 7);
  ctx.lineTo(x, y - 5);
  ctx.closePath();
  ctx.fill();
  ctx.strokeStyle = INK;
  ctx.stroke();
}

function building(ctx: Ctx, kind: LandUse, v: number, anchorColour: string) {
  switch (kind) {
    case "housing": {
      // Terraced housing: a row of narrow houses with pitched roofs, chimneys and doors.
      const roof = ROOF_RED[v % 3];
      for (let r = 0; r < 2; r++) {
        const y0 = 3 + r * 14;
        ctx.fillStyle = "rgba(30,25,20,0.28)";
        ctx.fillRect(4, y0 + 2, 27, 12);
        for (let k = 0; k < 4; k++) {
          const x0 = 3 + k * 6.5;
          ctx.fillStyle = WALL[(v + k + r) % 3];
          ctx.fillRect(x0, y0 + 7, 6.5, 5);
          ctx.fillStyle = k % 2 ? roof : shade(roof, -12);
          ctx.beginPath();
          ctx.moveTo(x0, y0 + 7);
          ctx.lineTo(x0 + 3.25, y0 + 1);
          ctx.lineTo(x0 + 6.5, y0 + 7);
          ctx.closePath();
          ctx.fill();
          ctx.fillStyle = "#5b4636";
          ctx.fillRect(x0 + 2.5, y0 + 9, 1.5, 3);
          ctx.fillStyle = "rgba(60,80,100,0.75)";
          ctx.fillRect(x0 + 4.5, y0 + 8.5, 1.3, 1.3);
        }
        ctx.fillStyle = "#6d4a3a";
        ctx.fillRect(8, y0, 2, 3);
        ctx.fillRect(21, y0 + 1, 2, 3);
        ctx.strokeStyle = INK;
        ctx.strokeRect(3.5, y0 + 1.5, 26, 10.5);
      }
      break;
    }
    case "commerce": {
      // Shops and offices: a glass office block behind a row of shopfronts with signboards.
      block(ctx, 13, 2, 16, 18, "#9fb4c4", "#7e95a8", 6, false);
      ctx.fillStyle = GLASS;
      for (let gy = 15; gy < 19; gy += 3) for (let gx = 15; gx < 27; gx += 3) ctx.fillRect(gx, gy, 2, 2);
      ctx.fillStyle = "#c9a97a";
      ctx.fillRect(16, 5, 10, 6);
      ctx.strokeStyle = INK;
      ctx.strokeRect(16.5, 5.5, 9, 5);
      block(ctx, 3, 19, 26, 11, ["#c9a97a", "#bf9c6b", "#d2b283"][v % 3], "#f1e4c8", 5, false);
      const signs = ["#d55e00", "#0072b2", "#009e73"];
      for (let k = 0; k < 3; k++) {
        ctx.fillStyle = signs[(k + v) % 3];
        ctx.fillRect(4.5 + k * 8.3, 24.5, 7, 1.5);
        ctx.fillStyle = "rgba(60,80,100,0.8)";
        ctx.fillRect(5.5 + k * 8.3, 26.5, 5, 2.5);
      }
      break;
    }
    case "leisure": {
      // A café with a striped awning and tables under parasols on the pavement.
      block(ctx, 3, 3, 26, 15, "#e0b3c4", "#f4e6d8", 5, false);
      const stripe = ["#d55e00", "#cc79a7", "#0072b2"][v % 3];
      for (let k = 0; k < 7; k++) {
        ctx.fillStyle = k % 2 ? "#ffffff" : stripe;
        ctx.beginPath();
        ctx.moveTo(3 + k * (26 / 7), 16);
        ctx.lineTo(3 + (k + 1) * (26 / 7), 16);
        ctx.lineTo(3 + (k + 1) * (26 / 7), 20);
        ctx.quadraticCurveTo(3 + (k + 0.5) * (26 / 7), 21.5, 3 + k * (26 / 7), 20);
        ctx.closePath();
        ctx.fill();
      }
      ctx.strokeStyle = INK;
      ctx.strokeRect(3.5, 16.5, 25, 3.5);
      for (const [x, y, c] of [
        [8, 26, stripe],
        [18, 27, "#f0e442"],
        [27, 25, stripe],
      ] as const) {
        ctx.fillStyle = "rgba(30,25,20,0.25)";
        ctx.beginPath();
        ctx.arc(x + 1, y + 1, 3.5, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = c;
        ctx.beginPath();
        ctx.arc(x, y, 3.5, 0, Math.PI * 2);
        ctx.fill();
        ctx.strokeStyle = INK;
        ctx.stroke();
        ctx.fillStyle = "#fff";
        ctx.fillRect(x - 0.5, y - 0.5, 1, 1);
      }
      // A music note in the window: the venue part of leisure (a shape, not a letter).
      ctx.fillStyle = "#5a3350";
      ctx.beginPath();
      ctx.arc(14, 9, 1.6, 0, Math.PI * 2);
      ctx.arc(19, 8, 1.6, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillRect(15, 4, 1, 5);
      ctx.fillRect(20, 3, 1, 5);
      ctx.fillRect(15, 4, 6, 1.2);
      break;
    }
    case "factory":
    case "derelict":
    case "studio": {
      // Warehouses with saw-tooth roofs; studios are converted ones with glass skylights; derelict
      // ones have broken roofs, boarded windows and weeds.
      const derelict = kind === "derelict";
      const studio = kind === "studio";
      const wall = derelict ? "#8c837b" : studio ? "#f2c66d" : ["#a89d93", "#9a8f86", "#b0a396"][v % 3];
      const roof = derelict ? "#6f6861" : studio ? "#c98f4a" : "#7f756c";
      ctx.fillStyle = "rgba(30,25,20,0.3)";
      ctx.fillRect(4, 6, 27, 24);
      ctx.fillStyle = wall;
      ctx.fillRect(2, 22, 27, 7);
      for (let k = 0; k < 4; k++) {
        const x0 = 2 + k * 6.75;
        ctx.fillStyle = roof;
        ctx.beginPath();
        ctx.moveTo(x0, 22);
        ctx.lineTo(x0, 5);
        ctx.lineTo(x0 + 6.75, 10);
        ctx.lineTo(x0 + 6.75, 22);
        ctx.closePath();
        ctx.fill();
        // The steep face of each tooth: glass on studios, dark on factories, holes on derelict.
        ctx.fillStyle = studio ? GLASS : derelict ? "#4a4540" : "#5d554f";
        ctx.beginPath();
        ctx.moveTo(x0, 5);
        ctx.lineTo(x0 + 2.2, 6.6);
        ctx.lineTo(x0 + 2.2, 22);
        ctx.lineTo(x0, 22);
        ctx.closePath();
        ctx.fill();
        if (studio) {
          ctx.fillStyle = "rgba(255,255,255,0.7)";
          ctx.fillRect(x0 + 0.5, 8, 0.8, 10);
        }
        if (derelict && (k + v) % 2 === 0) {
          ctx.fillStyle = "#3b3632";
          ctx.beginPath();
          ctx.moveTo(x0 + 3, 12);
          ctx.lineTo(x0 + 6, 14);
          ctx.lineTo(x0 + 4, 18);
          ctx.closePath();
          ctx.fill();
        }
        ctx.strokeStyle = INK;
        ctx.beginPath();
        ctx.moveTo(x0, 22);
        ctx.lineTo(x0, 5);
        ctx.lineTo(x0 + 6.75, 10);
        ctx.stroke();
      }
      ctx.strokeStyle = INK;
      ctx.strokeRect(2.5, 5, 26.5, 24);
      for (let k = 0; k < 5; k++) {
        ctx.fillStyle = derelict ? (k % 2 ? "#3b3632" : "#7a6a52") : studio ? "#5a7fa0" : "#4f5a63";
        ctx.fillRect(4 + k * 5, 24, 3, 3);
        if (derelict && k % 2 === 0) {
          ctx.strokeStyle = "#3b3632";
          ctx.beginPath();
          ctx.moveTo(4 + k * 5, 24);
          ctx.lineTo(7 + k * 5, 27);
          ctx.stroke();
        }
      }
      if (kind === "factory") {
        // A chimney stack with a wisp of smoke.
        ctx.fillStyle = "#7a4a3a";
        ctx.fillRect(25, 0, 4, 9);
        ctx.strokeStyle = INK;
        ctx.strokeRect(25.5, 0.5, 3, 8);
      }
      if (studio) {
        // Colour pots by the door: artists at work.
        for (const [x, c] of [
          [27, "#d55e00"],
          [29, "#0072b2"],
          [31, "#009e73"],
        ] as const) {
          ctx.fillStyle = c;
          ctx.beginPath();
          ctx.arc(x - 1, 30.5, 1, 0, Math.PI * 2);
          ctx.fill();
        }
      }
      if (derelict) {
        // Weeds and diagonal hatching (the non-colour cue of dereliction).
        ctx.strokeStyle = "rgba(0,0,0,0.3)";
        ctx.beginPath();
        for (let k = -32; k < 32; k += 6) {
          ctx.moveTo(k, 32);
          ctx.lineTo(k + 32, 0);
        }
        ctx.stroke();
        ctx.fillStyle = "#6e9a4c";
        for (const x of [3, 14, 27]) {
          ctx.beginPath();
          ctx.moveTo(x, 31);
          ctx.lineTo(x + 1.5, 26 + (x % 3));
          ctx.lineTo(x + 3, 31);
          ctx.fill();
        }
      }
      break;
    }
    case "heritage": {
      // An old hall with a clock tower: stone, arched windows, a small dome.
      block(ctx, 3, 9, 26, 20, ["#b59bc9", "#a992bd", "#bca6cd"][v % 3], "#e4dccb", 7, false);
      ctx.fillStyle = "#6a5a7a";
      for (let k = 0; k < 5; k++) {
        const x = 5.5 + k * 5;
        ctx.beginPath();
        ctx.moveTo(x, 28);
        ctx.lineTo(x, 24.5);
        ctx.arc(x + 1.25, 24.5, 1.25, Math.PI, 0);
        ctx.lineTo(x + 2.5, 28);
        ctx.closePath();
        ctx.fill();
      }
      block(ctx, 12, 1, 8, 14, "#a48ab8", "#d9cfbd", 5, false);
      ctx.fillStyle = "#fff";
      ctx.beginPath();
      ctx.arc(16, 12.2, 1.8, 0, Math.PI * 2);
      ctx.fill();
      ctx.strokeStyle = INK;
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(16, 12.2);
      ctx.lineTo(16, 11);
      ctx.moveTo(16, 12.2);
      ctx.lineTo(17, 12.2);
      ctx.stroke();
      ctx.fillStyle = "#7a6a8a";
      ctx.beginPath();
      ctx.arc(16, 6, 3, Math.PI, 0);
      ctx.fill();
      break;
    }
    case "gateway": {
      // A station: tracks running through under a curved train shed, with a plane tail beside it.
      ctx.fillStyle = "#5c6f82";
      ctx.fillRect(0, 0, 32, 32);
      ctx.fillStyle = "#3c4a58";
      ctx.fillRect(0, 13, 32, 8);
      ctx.strokeStyle = "#c9c2b4";
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (const y of [15, 19]) {
        ctx.moveTo(0, y);
        ctx.lineTo(32, y);
      }
      ctx.stroke();
      ctx.strokeStyle = "#8a7a66";
      ctx.beginPath();
      for (let x = 1; x < 32; x += 3) {
        ctx.moveTo(x, 14);
        ctx.lineTo(x, 20);
      }
      ctx.stroke();
      ctx.fillStyle = "rgba(20,20,30,0.3)";
      ctx.fillRect(6, 6, 22, 18);
      ctx.fillStyle = "#a9c4d8";
      ctx.beginPath();
      ctx.moveTo(4, 22);
      ctx.lineTo(4, 8);
      ctx.quadraticCurveTo(15, 0, 26, 8);
      ctx.lineTo(26, 22);
      ctx.closePath();
      ctx.globalAlpha = 0.85;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = INK;
      ctx.stroke();
      ctx.strokeStyle = "rgba(40,60,80,0.6)";
      ctx.beginPath();
      for (let x = 8; x < 24; x += 4) {
        ctx.moveTo(x, 22);
        ctx.lineTo(x, 5);
      }
      ctx.stroke();
      // Plane (a shape): fuselage, wings and tail, on the apron.
      ctx.fillStyle = "#f4f4f4";
      ctx.strokeStyle = INK;
      ctx.beginPath();
      ctx.moveTo(17, 30);
      ctx.lineTo(31, 27);
      ctx.lineTo(31, 26);
      ctx.lineTo(17, 27.5);
      ctx.closePath();
      ctx.moveTo(24, 28);
      ctx.lineTo(21, 32);
      ctx.lineTo(23, 32);
      ctx.lineTo(27, 28);
      ctx.closePath();
      ctx.moveTo(24, 27);
      ctx.lineTo(22, 23);
      ctx.lineTo(24, 23);
      ctx.lineTo(27, 27);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      break;
    }
    case "university": {
      // A quad: four wings around a green courtyard with a tree, and a gate.
      ctx.fillStyle = "rgba(30,25,20,0.3)";
      ctx.fillRect(3, 3, 28, 28);
      const roof = ["#9b6b4a", "#8e6246", "#a3714f"][v % 3];
      ctx.fillStyle = roof;
      ctx.fillRect(1, 1, 28, 28);
      ctx.fillStyle = "#9fcf8f";
      ctx.fillRect(8, 8, 14, 13);
      ctx.fillStyle = "#e6dcc0";
      ctx.fillRect(14, 8, 2, 13);
      ctx.fillRect(8, 14, 14, 2);
      ctx.fillStyle = "#e9dcc0";
      ctx.fillRect(8, 21, 14, 4);
      ctx.fillStyle = "rgba(60,80,100,0.75)";
      for (let x = 9; x < 22; x += 3) ctx.fillRect(x, 22, 1.5, 2);
      ctx.strokeStyle = INK;
      ctx.strokeRect(1.5, 1.5, 27, 27);
      ctx.strokeRect(8.5, 8.5, 13, 12.5);
      // Gate arch in the south wing.
      ctx.fillStyle = "#5b4636";
      ctx.beginPath();
      ctx.moveTo(13, 29);
      ctx.lineTo(13, 26);
      ctx.arc(15, 26, 2, Math.PI, 0);
      ctx.lineTo(17, 29);
      ctx.closePath();
      ctx.fill();
      trees(ctx, 0, [[11, 11, 2.5]]);
      pennant(ctx, 26, 10, anchorColour);
      break;
    }
    case "research": {
      // A research institute: a modern slab with an observatory dome and an antenna.
      block(ctx, 2, 10, 28, 19, "#c7d3dc", "#9fb0bd", 6, false);
      ctx.fillStyle = GLASS;
      ctx.fillRect(3, 24, 26, 3);
      ctx.strokeStyle = "rgba(40,60,80,0.6)";
      ctx.beginPath();
      for (let x = 6; x < 29; x += 4) {
        ctx.moveTo(x, 24);
        ctx.lineTo(x, 27);
      }
      ctx.stroke();
      ctx.fillStyle = "#eef2f4";
      ctx.beginPath();
      ctx.arc(11, 14, 6, Math.PI, 0);
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = INK;
      ctx.stroke();
      ctx.fillStyle = "#4f5a63";
      ctx.fillRect(10, 8.5, 2, 5.5);
      ctx.strokeStyle = "#3a3330";
      ctx.beginPath();
      ctx.moveTo(23, 14);
      ctx.lineTo(23, 3);
      ctx.moveTo(20, 5);
      ctx.lineTo(26, 5);
      ctx.moveTo(21, 8);
      ctx.lineTo(25, 8);
      ctx.stroke();
      pennant(ctx, 29, 12, anchorColour);
      break;
    }
    case "museum": {
      // A museum: steps, a row of columns and a triangular pediment.
      ctx.fillStyle = "rgba(30,25,20,0.3)";
      ctx.fillRect(4, 6, 27, 25);
      ctx.fillStyle = "#e9e2d2";
      ctx.fillRect(2, 4, 27, 16);
      ctx.strokeStyle = INK;
      ctx.strokeRect(2.5, 4.5, 26, 15);
      ctx.fillStyle = "#f6f1e6";
      ctx.beginPath();
      ctx.moveTo(1, 12);
      ctx.lineTo(15.5, 4);
      ctx.lineTo(30, 12);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = "#d8cfbd";
      ctx.fillRect(3, 12, 25, 13);
      ctx.fillStyle = "#fbf8f0";
      for (let k = 0; k < 6; k++) {
        ctx.fillRect(4 + k * 4.2, 13, 2.2, 11);
        ctx.strokeRect(4.5 + k * 4.2, 13.5, 1.2, 10);
      }
      ctx.fillStyle = "#cfc6b3";
      ctx.fillRect(1, 25, 29, 2);
      ctx.fillRect(0, 27, 31, 2);
      ctx.strokeRect(1.5, 25.5, 28, 3);
      pennant(ctx, 27, 5, anchorColour);
      break;
    }
    case "gallery": {
      // A gallery: a white cube with three coloured artworks on its facade and a sculpture ring.
      block(ctx, 3, 3, 24, 22, "#f7f7f4", "#e8e6df", 9, false);
      for (const [x, c] of [
        [5, "#e69f00"],
        [12, "#56b4e9"],
        [19, "#cc79a7"],
      ] as const) {
        ctx.fillStyle = c;
        ctx.fillRect(x, 17, 5, 5);
        ctx.strokeStyle = INK;
        ctx.strokeRect(x + 0.5, 17.5, 4, 4);
      }
      ctx.strokeStyle = "#3a3330";
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(27, 28, 3, 0, Math.PI * 2);
      ctx.stroke();
      pennant(ctx, 24, 12, anchorColour);
      break;
    }
    case "theatre": {
      // A theatre: a fly tower, a rounded front with red curtains and marquee lights.
      block(ctx, 7, 1, 18, 12, "#8a3b3b", "#6d2f2f", 4, false);
      ctx.fillStyle = "rgba(30,25,20,0.3)";
      ctx.fillRect(4, 12, 27, 18);
      ctx.fillStyle = "#c45a4a";
      ctx.beginPath();
      ctx.moveTo(2, 28);
      ctx.lineTo(2, 16);
      ctx.quadraticCurveTo(16, 6, 30, 16);
      ctx.lineTo(30, 28);
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = INK;
      ctx.stroke();
      ctx.fillStyle = "#7a1f2a";
      ctx.fillRect(9, 19, 14, 9);
      ctx.fillStyle = "#b8283a";
      ctx.beginPath();
      ctx.moveTo(9, 19);
      ctx.quadraticCurveTo(12, 24, 9, 28);
      ctx.moveTo(23, 19);
      ctx.quadraticCurveTo(20, 24, 23, 28);
      ctx.fill();
      ctx.fillStyle = "#fde725";
      for (let k = 0; k < 7; k++) {
        ctx.beginPath();
        ctx.arc(6 + k * 3.4, 17 - Math.sin((k / 6) * Math.PI) * 2.5, 0.9, 0, Math.PI * 2);
        ctx.fill();
      }
      pennant(ctx, 28, 12, anchorColour);
      break;
    }
    case "media": {
      // A media headquarters: a tall glass tower with a satellite dish and a broadcast mast.
      block(ctx, 3, 18, 26, 12, "#6f7f8f", "#55626f", 4, true);
      ctx.fillStyle = "rgba(30,25,20,0.35)";
      ctx.fillRect(12, 4, 14, 24);
      ctx.fillStyle = "#2f4a63";
      ctx.fillRect(10, 2, 13, 24);
      ctx.fillStyle = "#7fb0d6";
      for (let y = 4; y < 25; y += 3) ctx.fillRect(11, y, 11, 1.6);
      ctx.strokeStyle = INK;
      ctx.strokeRect(10.5, 2.5, 12, 23);
      ctx.strokeStyle = "#3a3330";
      ctx.beginPath();
      ctx.moveTo(16.5, 2);
      ctx.lineTo(16.5, -2);
      ctx.stroke();
      ctx.fillStyle = "#eeeeee";
      ctx.beginPath();
      ctx.ellipse(6, 20, 3.5, 2, -0.5, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.strokeStyle = "#d55e00";
      ctx.beginPath();
      ctx.arc(16.5, 0, 3, -0.6, 0.6);
      ctx.moveTo(16.5, 0);
      ctx.arc(16.5, 0, 5, -0.6, 0.6);
      ctx.stroke();
      pennant(ctx, 28, 18, anchorColour);
      break;
    }
    case "incubator": {
      // An incubator: small glass pods joined by walkways, with a seedling in the middle.
      ctx.fillStyle = "#e6dcc0";
      ctx.fillRect(8, 14, 16, 3);
      ctx.fillRect(14.5, 8, 3, 16);
      for (const [x, y] of [
        [8, 8],
        [24, 8],
        [8, 24],
        [24, 24],
      ]) {
        ctx.fillStyle = "rgba(30,25,20,0.3)";
        ctx.beginPath();
        ctx.arc(x + 1.5, y + 1.5, 6, 0, Math.PI * 2);
        ctx.fill();
        ctx.fillStyle = ["#bfe3d2", "#cfe9dc", "#b5dccb"][v % 3];
        ctx.beginPath();
        ctx.arc(x, y, 6, 0, Math.PI * 2);
        ctx.fill();
        ctx.strokeStyle = INK;
        ctx.stroke();
        ctx.strokeStyle = "rgba(0,110,80,0.5)";
        ctx.beginPath();
        ctx.moveTo(x - 6, y);
        ctx.lineTo(x + 6, y);
        ctx.moveTo(x, y - 6);
        ctx.lineTo(x, y + 6);
        ctx.stroke();
      }
      ctx.fillStyle = "#009e73";
      ctx.beginPath();
      ctx.ellipse(14, 14, 2.5, 1.3, -0.6, 0, Math.PI * 2);
      ctx.ellipse(18, 14, 2.5, 1.3, 0.6, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillRect(15.5, 14, 1, 4);
      pennant(ctx, 29, 16, anchorColour);
      break;
    }
    case "exhibition": {
      // An exhibition centre: a long barrel-vaulted hall with flags along its front.
      ctx.fillStyle = "rgba(30,25,20,0.3)";
      ctx.fillRect(3, 6, 28, 22);
      ctx.fillStyle = "#c8ccd6";
      ctx.fillRect(1, 4, 29, 20);
      for (let k = 0; k < 6; k++) {
        ctx.fillStyle = k % 2 ? "#b3b8c5" : "#d6dae2";
        ctx.fillRect(1, 4 + k * 2.6, 29, 2.6);
      }
      ctx.strokeStyle = INK;
      ctx.strokeRect(1.5, 4.5, 28, 19);
      ctx.fillStyle = "#8d93a3";
      ctx.fillRect(1, 20, 29, 4);
      ctx.fillStyle = GLASS;
      ctx.fillRect(10, 21, 11, 3);
      for (const [x, c] of [
        [3, "#e69f00"],
        [9, "#56b4e9"],
        [22, "#009e73"],
        [28, "#cc79a7"],
      ] as const) {
        ctx.strokeStyle = "#3a3330";
        ctx.beginPath();
        ctx.moveTo(x, 31);
        ctx.lineTo(x, 25);
        ctx.stroke();
        ctx.fillStyle = c;
        ctx.fillRect(x, 25, 3, 2);
      }
      pennant(ctx, 16, 6, anchorColour);
      break;
    }
    default:
      lot(ctx, v);
  }
}

function shade(hex: string, d: number): string {
  const n = parseInt(hex.slice(1), 16);
  const c = (s: number) => Math.max(0, Math.min(255, ((n >> s) & 255) + d));
  return `rgb(${c(16)},${c(8)},${c(0)})`;
}

/** A stable pseudo-random variant for tile i (no Math.random: the picture of a tile never flickers). */
export function variantOf(i: number): number {
  let h = (i + 1) * 2654435761;
  h ^= h >>> 15;
  return (h >>> 0) % VARIANTS;
}

const icons = new Map<string, string>();

/** The picture of a kind as a data URL (for the legend and the tool list), drawn once and cached. */
export function artIcon(kind: ArtKind, px = 32): string {
  const key = `${kind}|${px}`;
  const hit = icons.get(key);
  if (hit !== undefined) return hit;
  let url = "";
  try {
    const c = document.createElement("canvas");
    c.width = px;
    c.height = px;
    const ctx = c.getContext("2d");
    if (ctx) {
      ctx.scale(px / 32, px / 32);
      paintArt(ctx, kind, 0);
      url = c.toDataURL();
    }
  } catch {
    url = "";
  }
  icons.set(key, url);
  return url;
}
