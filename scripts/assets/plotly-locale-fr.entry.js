// Entry of plotly.js's French locale (assets/1-vendor/02-plotly-locale-fr.js).
// Built by scripts/build_assets.sh with esbuild; see assets/1-vendor/README.md.
// Same self-registration as plotly's own dist/plotly-locale-*.js files: register the
// locale if plotly.js is already loaded, otherwise queue it in window.PlotlyLocales,
// which plotly.js registers when it loads. Use with dcc.Graph(config={"locale": "fr"}).
'use strict';

var locale = require('plotly.js/lib/locales/fr.js');

if (typeof window.Plotly === 'undefined') {
    window.PlotlyLocales = window.PlotlyLocales || [];
    window.PlotlyLocales.push(locale);
} else {
    window.Plotly.register(locale);
}
