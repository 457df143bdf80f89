// The part of the State design system (DSFR, @gouvfr/dsfr) that the dashboard uses, as one
// small stylesheet: run by scripts/build_assets.sh, never by hand.
//
//   node dsfr-lean.mjs <node_modules/@gouvfr/dsfr> <assets/2-site/app.css> <out dir>
//
// writes <out dir>/dsfr-lean.css, <out dir>/fonts/<the Marianne faces>.woff2, the DSFR's
// LICENSE.md and fonts/README.md (the fonts' own terms).
//
// Kept, in this order, from the DSFR's own files (nothing is rewritten but the font URLs):
//   1. the @font-face rules of the Marianne faces shipped (FONTS below; woff2 only: every
//      browser that runs plotly.js 4 reads woff2);
//   2. the colour tokens (custom properties of `:root`) that the kept rules or the site's
//      stylesheet (app.css) use, with the tokens they refer to: 60-odd of the 968;
//   3. the focus ring of the core (outline 2px #0a76f6, offset 2px, on :focus-visible);
//   4. the bloc marque ("République française": component `logo`, the Marianne and the
//      motto drawn in CSS with inline SVG).
// The rest of the DSFR (grid, typography classes, components, utilities, icons, dark theme)
// is left out: the page is laid out by Bootstrap (dash-bootstrap-components), whose theme
// assets/2-site/app.css maps onto these tokens.
import fs from "node:fs";
import path from "node:path";
import postcss from "postcss";

const [pkg, appCssPath, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node dsfr-lean.mjs <@gouvfr/dsfr package dir> <app.css> <out dir>");
  process.exit(2);
}
const dist = path.join(pkg, "dist");
// Regular for text, Bold for titles and figures (font-weight 600 and 700 both use it).
const FONTS = [
  { file: "Marianne-Regular", weight: "400" },
  { file: "Marianne-Bold", weight: "700" },
];

const read = (relative) => postcss.parse(fs.readFileSync(path.join(dist, relative), "utf8"));
const core = read("core/core.min.css");
const logo = read("component/logo/logo.min.css");
const version = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).version;

const out = postcss.root();

// 1. Marianne, the faces shipped only.
core.walkAtRules("font-face", (rule) => {
  const decl = (prop) => rule.nodes.find((n) => n.type === "decl" && n.prop === prop)?.value;
  const font = FONTS.find((f) => decl("font-weight") === f.weight);
  if (decl("font-family") !== "Marianne" || decl("font-style") !== "normal" || !font) return;
  const face = rule.clone();
  face.walkDecls("src", (src) => {
    src.value = `url(fonts/${font.file}.woff2) format("woff2")`;
  });
  out.append(face);
});
if (out.nodes.length !== FONTS.length) throw new Error(`expected ${FONTS.length} Marianne faces in the DSFR core`);

// 3. The focus ring: the core's top-level rules on :focus / :focus-visible (not the range
// slider's thumbs: the page has no slider).
const focus = [];
core.each((node) => {
  if (node.type === "rule" && node.selector.includes(":focus") && !node.selector.includes("::-")) {
    focus.push(node.clone());
  }
});
if (focus.length === 0) throw new Error("no focus rule found in the DSFR core");

// 4. The bloc marque: every rule of the logo component (its @media queries included).
// Empty @media blocks (only "media sm"-like comments) are dropped.
const brand = logo.nodes
  .filter((node) => node.type !== "comment")
  .map((node) => node.clone())
  .filter((node) => {
    if (node.type !== "atrule") return true;
    node.walkComments((comment) => comment.remove());
    return node.nodes && node.nodes.length > 0;
  });

// 2. Tokens: those used by the rules kept and by the site's stylesheet, transitively.
const tokens = new Map(); // name -> value, in the core's order
core.each((node) => {
  if (node.type === "rule" && node.selector === ":root") {
    node.walkDecls((decl) => {
      if (decl.prop.startsWith("--")) tokens.set(decl.prop, decl.value);
    });
  }
});
const uses = (text) => [...text.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]);
const wanted = new Set();
const visit = (name) => {
  if (wanted.has(name) || !tokens.has(name)) return;
  wanted.add(name);
  uses(tokens.get(name)).forEach(visit);
};
const appCss = fs.readFileSync(appCssPath, "utf8");
[...focus, ...brand].forEach((node) => uses(node.toString()).forEach(visit));
uses(appCss).forEach(visit);
const root = postcss.rule({ selector: ":root" });
for (const [name, value] of tokens) {
  if (wanted.has(name)) root.append(postcss.decl({ prop: name, value }));
}

const banner =
  `/*! DSFR v${version} (@gouvfr/dsfr), lean extract: Marianne faces, colour tokens used, focus ring, ` +
  `bloc marque | code: Etalab-2.0 (LICENSE.md), restricted use: State sites only (see its terms) | ` +
  `Marianne fonts: their own licence (fonts/README.md) | built by scripts/build_assets.sh */\n`;
const body = [...out.nodes, root, ...focus, ...brand].map((node) => node.toString()).join("\n");
fs.mkdirSync(path.join(outDir, "fonts"), { recursive: true });
fs.writeFileSync(path.join(outDir, "dsfr-lean.css"), banner + body + "\n");
for (const font of FONTS) {
  fs.copyFileSync(path.join(dist, "fonts", `${font.file}.woff2`), path.join(outDir, "fonts", `${font.file}.woff2`));
}
fs.copyFileSync(path.join(pkg, "LICENSE.md"), path.join(outDir, "LICENSE.md"));
fs.writeFileSync(
  path.join(outDir, "fonts", "README.md"),
  `# Marianne (typographie de l'État)

Files copied unchanged from the npm package @gouvfr/dsfr ${version} (\`dist/fonts/\`) by
scripts/build_assets.sh: ${FONTS.map((f) => `\`${f.file}.woff2\``).join(", ")}.

They are **not** under the DSFR's Etalab 2.0 licence (../LICENSE.md). The DSFR's README says:
"Le code du DSFR est sous licence Etalab 2.0 (à l'exception d'éléments soumis à des conditions
spécifiques, comme les fontes Marianne)", and its terms of use (doc/legal/cgu.md, article 20):
"l'utilisation des typographies « Marianne Institution » et « Marianne Expression » est soumise
à l'acceptation de modalités d'utilisation spécifiques" — published by the Service
d'information du Gouvernement at https://www.info.gouv.fr/marque-de-letat/la-typographie.
Those terms were not reachable from the build machine: check them before any other use.
The files are shipped as published (not subset nor converted), so that this project changes
nothing of the typeface; they serve this State operator's service only.
`,
);
console.log(`    ${wanted.size} of ${tokens.size} tokens, ${focus.length} focus rules, ${brand.length} logo rules`);
