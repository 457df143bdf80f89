// Entry of the custom plotly.js partial bundle (assets/1-vendor/01-plotly-custom.min.js).
// Built by scripts/build_assets.sh with esbuild; see assets/1-vendor/README.md.
// Traces: bar, pie, scatter, choropleth, scattergeo. Unlike plotly.js's official partial
// bundles, no calendars component: it only serves non-Gregorian calendars (trace and axis
// `calendar` attributes), which this dashboard never uses, and costs 79 KB (19 KB brotli).
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    // traces
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/pie'),
    require('plotly.js/lib/scatter'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo')
]);

// dcc.Graph uses window.Plotly when it is defined and then never fetches plotly.min.js.
window.Plotly = Plotly;

module.exports = Plotly;
