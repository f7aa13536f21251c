// The page's plotly.js: Plotly's core and only the trace types the dashboard draws, bundled by esbuild
// with plotly.js's own settings (its esbuild-config.js), as its CUSTOM_BUNDLE.md describes. Run by
// scripts/install_plotly_bundle.sh in a folder holding plotly.js and esbuild.
//     node build_plotly_bundle.js OUT VERSION TRACE...
const esbuild = require("esbuild");
const { environmentPlugin } = require("esbuild-plugin-environment");
const { glsl } = require("esbuild-plugin-glsl");
const InlineCSSPlugin = require("esbuild-plugin-inline-css");

const [out, version, ...traces] = process.argv.slice(2);
const entry = [
  "var Plotly = require('plotly.js/lib/core');",
  `Plotly.register([${traces.map((t) => `require('plotly.js/lib/${t}')`).join(", ")}]);`,
  "module.exports = Plotly;",
].join("\n");
esbuild
  .build({
    stdin: { contents: entry, resolveDir: process.cwd(), sourcefile: "claimsmap-plotly.js" },
    outfile: out,
    format: "iife",
    globalName: "Plotly",
    bundle: true,
    minify: true,
    legalComments: "eof", // the licences of plotly.js's parts, MapLibre's among them, stay in the file
    banner: { js: `/*! plotly.js ${version} (MIT, Plotly, Inc.), partial bundle; traces: ${traces.join(", ")} */` },
    plugins: [InlineCSSPlugin(), glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
    alias: { regl: "@plotly/regl", stream: "stream-browserify" },
    define: { global: "window", "define.amd": "false" },
    target: "es2016",
    logLevel: "warning",
  })
  .catch(() => process.exit(1));
