// The landing page's city: a small street scene drawn as inline SVG (our own drawing, no image
// files): a saw-tooth warehouse, a studio with skylights, a museum with columns, terraced houses, a
// café with an awning, trees, a river with a bridge, and creatives walking (CSS animation, which
// Reduce motion stops). Decorative: the page says in words what it shows.

const roofs = (x: number, y: number, n: number, w: number, h: number, fill: string, glass: string) =>
  Array.from(
    { length: n },
    (_, k) =>
      `<path d="M${x + k * w} ${y}v-${h}l${w} ${h * 0.6}v${h * 0.4}z" fill="${fill}"/><path d="M${x + k * w} ${y - h}l${w * 0.3} ${h * 0.18}v${h * 0.82}h-${w * 0.3}z" fill="${glass}"/>`,
  ).join("");

const houses = (x: number, y: number, n: number) =>
  Array.from({ length: n }, (_, k) => {
    const cx = x + k * 22;
    const wall = ["#efe2c8", "#e8d6b6", "#f3e8d2"][k % 3];
    return `<rect x="${cx}" y="${y}" width="22" height="26" fill="${wall}" stroke="#3a3330"/><path d="M${cx - 1} ${y}l12 -12l12 12z" fill="${k % 2 ? "#b5523b" : "#a2573f"}" stroke="#3a3330"/><rect x="${cx + 8}" y="${y + 12}" width="6" height="14" fill="#5b4636"/><rect x="${cx + 3}" y="${y + 4}" width="5" height="5" fill="#5a7fa0"/><rect x="${cx + 14}" y="${y + 4}" width="5" height="5" fill="#f0e442"/>`;
  }).join("");

const tree = (x: number, y: number, r: number) =>
  `<rect x="${x - 1.5}" y="${y}" width="3" height="${r + 4}" fill="#6d4a3a"/><circle cx="${x}" cy="${y}" r="${r}" fill="#5f9e4f" stroke="#2f5a28"/>`;

const person = (cls: string, colour: string) =>
  `<g class="${cls}"><circle cx="0" cy="-15" r="3" fill="#f3d2b3" stroke="#1b1b1b"/><path d="M-3 -1l1 -10q2 -2 4 0l1 10z" fill="${colour}" stroke="#1b1b1b"/></g>`;

export const CITY_SCENE = `<svg viewBox="0 0 640 170" xmlns="http://www.w3.org/2000/svg" focusable="false">
<rect width="640" height="170" fill="#cfe6f3"/>
<circle cx="560" cy="34" r="16" fill="#fde725" opacity=".9"/>
<path d="M0 120h640v50H0z" fill="#ddd6c6"/>
<g stroke="#3a3330" stroke-width="1">
<rect x="12" y="70" width="120" height="50" fill="#9a8f86"/>${roofs(12, 70, 4, 30, 22, "#7f756c", "#5d554f")}
<rect x="112" y="30" width="10" height="40" fill="#7a4a3a"/>
<rect x="20" y="92" width="14" height="14" fill="#4f5a63"/><rect x="44" y="92" width="14" height="14" fill="#4f5a63"/><rect x="68" y="92" width="14" height="14" fill="#4f5a63"/><rect x="100" y="96" width="22" height="24" fill="#5b4636"/>
<rect x="146" y="78" width="100" height="42" fill="#f2c66d"/>${roofs(146, 78, 4, 25, 18, "#c98f4a", "#8fc3e0")}
<rect x="156" y="94" width="16" height="14" fill="#5a7fa0"/><rect x="182" y="94" width="16" height="14" fill="#fde725"/><rect x="208" y="94" width="16" height="14" fill="#5a7fa0"/>
<rect x="262" y="66" width="112" height="54" fill="#e9e2d2"/><path d="M256 66l62 -28l62 28z" fill="#f6f1e6"/>
${[0, 1, 2, 3, 4, 5].map((k) => `<rect x="${270 + k * 17}" y="72" width="8" height="42" fill="#fbf8f0"/>`).join("")}
<rect x="258" y="114" width="120" height="6" fill="#cfc6b3"/>
${houses(392, 94, 5)}
<rect x="512" y="80" width="110" height="40" fill="#e0b3c4"/>
${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => `<path d="M${512 + k * 11} 88h11v8q-5.5 4 -11 0z" fill="${k % 2 ? "#ffffff" : "#d55e00"}"/>`).join("")}
<rect x="530" y="100" width="20" height="20" fill="#5a7fa0"/><rect x="584" y="100" width="20" height="20" fill="#5a7fa0"/>
</g>
<path d="M117 28q8 -10 0 -18q-6 -6 4 -12" fill="none" stroke="#b8b0a8" stroke-width="4" class="scene-smoke"/>
${tree(138, 104, 9)}${tree(384, 100, 10)}${tree(506, 104, 8)}
<path d="M0 150q160 -10 320 0t320 0v20H0z" fill="#6fa8d6"/>
<path d="M210 140h140v8h-140z" fill="#b9ad98" stroke="#6b604f"/><path d="M222 148q58 20 116 0" fill="none" stroke="#6b604f" stroke-width="3"/>
<path d="M40 158q12 -4 24 0M420 160q12 -4 24 0M560 156q12 -4 24 0" stroke="#fff" stroke-width="2" fill="none" opacity=".7"/>
<g transform="translate(0 132)">${person("scene-walker a", "#e69f00")}${person("scene-walker b", "#56b4e9")}${person("scene-walker c", "#009e73")}</g>
</svg>`;
