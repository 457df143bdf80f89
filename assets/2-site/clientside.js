/* Browser-side code: clientside callbacks (wired in dashboard/web/callbacks.py with
   ClientsideFunction) and in-page links. Kept in a file rather than inline so that the
   Content-Security-Policy needs no exception for them. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  fabriques: {
    /* The "Filtres" button of small screens folds and unfolds the filters. */
    toggleFilters: function (clicks, isOpen) {
      return clicks ? !isOpen : isOpen;
    },
    /* A chart's data table is drawn only while its <details> is open: folded, a new
       view costs it nothing (the Markdown waits in a store). */
    showTableWhenOpen: function (markdown, open) {
      return open ? markdown || "" : window.dash_clientside.no_update;
    },
    /* A meaningful <title> for each view (tabs, history, screen readers). */
    setTitle: function (title) {
      if (typeof title === "string" && title) {
        document.title = title;
      }
    }
  }
});

/* Links of the page's own views (a site's name in the sites table: "?…&site=fabt-12")
   are real links, so that a manager can open one in a new tab or copy it. A plain click
   changes the address without reloading the page, as dcc.Link does: the address
   component (dcc.Location) hears the "popstate" event and the navigation callback reads
   the view from the address. */
document.addEventListener("click", function (event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  var link = event.target.closest && event.target.closest(".view-links a[href^='?']");
  if (!link) {
    return;
  }
  event.preventDefault();
  window.history.pushState({}, "", link.getAttribute("href"));
  window.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
});

/* Dash does not hear a <details> being unfolded: tell it, so that the table is drawn.
   "toggle" does not bubble: listen in the capture phase. */
document.addEventListener(
  "toggle",
  function (event) {
    var details = event.target;
    if (details.tagName === "DETAILS" && details.id && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(details.id, { open: details.open });
    }
  },
  true
);

/* A click on the map changes the view: the tooltip of the département clicked would stay
   over the new map until the mouse moves. Clear it. */
document.addEventListener(
  "click",
  function (event) {
    var graph = event.target.closest && event.target.closest("#map-graph .js-plotly-plot");
    if (graph && window.Plotly && window.Plotly.Fx) {
      window.setTimeout(function () {
        window.Plotly.Fx.unhover(graph);
      }, 0);
    }
  },
  true
);
