/* Browser-side code: clientside callbacks (wired in dashboard/web/callbacks.py with
   ClientsideFunction) and in-page links. Kept in a file rather than inline so that the
   Content-Security-Policy needs no exception for them. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  fabriques: {
    /* The "Filtres" button of small screens folds and unfolds the filters. */
    toggleFilters: function (clicks, isOpen) {
      return clicks ? !isOpen : isOpen;
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
