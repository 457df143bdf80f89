// Entry of the custom plotly.js partial bundle (assets/1-vendor/01-plotly-custom.min.js).
// Built by scripts/build_assets.sh with esbuild; see assets/1-vendor/README.md.
//
// Traces: bar, scatter, choropleth, scattergeo: exactly those the dashboard draws.
// The core is plotly.js 4.1.1's src/core.js with fewer components: the dashboard uses
// annotations, shapes, legends, colour bars, hover (fx) and the modebar, never 3-D
// annotations, images, update menus, sliders, range sliders or selectors, error bars or
// non-Gregorian calendars. plotly.js looks every component up in its registry and skips
// those not registered. Saves 155 KB (37 KB brotli) against lib/core + calendars.
// Keep in step with node_modules/plotly.js/src/core.js when plotly.js is upgraded.
'use strict';

exports.version = require('plotly.js/src/version').version;
require('native-promise-only');
require('plotly.js/build/plotcss');

var Registry = require('plotly.js/src/registry');
var register = exports.register = Registry.register;

var plotApi = require('plotly.js/src/plot_api');
Object.keys(plotApi).forEach(function(name) {
    // _ -> private API methods, registered for internal use only
    if(name.charAt(0) !== '_') exports[name] = plotApi[name];
    register({moduleType: 'apiMethod', name: name, fn: plotApi[name]});
});

register(require('plotly.js/src/traces/scatter'));
register([
    require('plotly.js/src/components/annotations'),
    require('plotly.js/src/components/selections'),
    require('plotly.js/src/components/shapes'),
    require('plotly.js/src/components/grid'),
    require('plotly.js/src/components/colorscale'),
    require('plotly.js/src/components/colorbar'),
    require('plotly.js/src/components/legend'), // after shapes: legend defaults depend on them
    require('plotly.js/src/components/fx'), // after legend: unified hover defaults depend on it
    require('plotly.js/src/components/modebar')
]);

// en and en-US are needed for the defaults; fr comes from 02-plotly-locale-fr.js.
register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]);
if(window.PlotlyLocales && Array.isArray(window.PlotlyLocales)) {
    register(window.PlotlyLocales);
    delete window.PlotlyLocales;
}

exports.Icons = require('plotly.js/src/fonts/ploticon');
var Fx = require('plotly.js/src/components/fx');
var Plots = require('plotly.js/src/plots/plots');
exports.Plots = {resize: Plots.resize, graphJson: Plots.graphJson, sendDataToCloud: Plots.sendDataToCloud};
exports.Fx = {hover: Fx.hover, unhover: Fx.unhover, loneHover: Fx.loneHover, loneUnhover: Fx.loneUnhover};
exports.Snapshot = require('plotly.js/src/snapshot');
exports.PlotSchema = require('plotly.js/src/plot_api/plot_schema');

register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo')
]);

// dcc.Graph uses window.Plotly when it is defined and then never fetches plotly.min.js.
window.Plotly = exports;
