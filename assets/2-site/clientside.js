/* Browser-side callbacks (wired in dashboard/callbacks.py with ClientsideFunction).
   Kept in a file rather than inline so that the Content-Security-Policy needs no
   exception for them. */
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
