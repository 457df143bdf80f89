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

/* dcc.Markdown fetches highlight.js (a 30 KB chunk: 141 KB of script to parse) to colour
   code blocks as soon as one Markdown component is drawn, unless window.hljs exists. The
   page's Markdown (tables, the site's card) never holds code: this stand-in highlights
   nothing and saves the request on every first visit. */
if (!window.hljs) {
  window.hljs = { highlightElement: function () {}, highlightBlock: function () {} };
}

/* The charts' texts are in Marianne (dashboard/presentation/figures.py FONT_FAMILY).
   plotly.js measures each label when it draws: a chart drawn before the font arrived is
   measured in Arial, and Marianne's wider glyphs could then overlap. Asking for both faces
   now starts their download before the charts are drawn (usually enough); if a chart was
   drawn before they arrived, it is drawn again once they have. */
if (document.fonts && document.fonts.load) {
  Promise.all([document.fonts.load("400 1em Marianne"), document.fonts.load("700 1em Marianne")]).then(function () {
    if (!window.Plotly || !window.Plotly.redraw) {
      return;
    }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (gd._fullLayout) {
        window.Plotly.redraw(gd);
      }
    });
  });
}

/* Links of the page's own views (a site's name in the sites table: "?…&site=fabt-12", the
   breadcrumb's levels) are real links, so that a manager can open one in a new tab or copy
   it. A plain click (or Enter) changes the address without reloading the page, as dcc.Link
   does: the address component (dcc.Location) hears the "popstate" event and the page
   callback reads the view from the address.

   The link may then disappear (the table is drawn again, a breadcrumb level becomes the
   current one), which would throw the keyboard focus back to the top of the page. So the
   focus moves where the answer is, once it is drawn: a site's name leads to the heading of
   the site's card, a breadcrumb link to the heading of the new view (the page's h1); a
   polite live region says what changed. */
(function () {
  var ANNOUNCER = "announcer";
  var WAIT_MS = 4000; // after this, focus the target even if it did not change (same view)
  var pending = null;

  function announce(message) {
    var region = document.getElementById(ANNOUNCER);
    if (!region) {
      return;
    }
    region.textContent = "";
    // Emptied first, then filled: the same message twice is read twice.
    window.setTimeout(function () {
      region.textContent = message;
    }, 50);
  }

  function target(kind) {
    if (kind === "site") {
      var detail = document.getElementById("site-detail");
      return detail && detail.querySelector("h1, h2, h3, h4");
    }
    return document.getElementById("view-heading");
  }

  function land(request) {
    if (pending !== request) {
      return; // a newer link was followed meanwhile
    }
    pending = null;
    request.observer.disconnect();
    window.clearTimeout(request.timer);
    var heading = target(request.kind);
    if (!heading) {
      return;
    }
    heading.setAttribute("tabindex", "-1");
    heading.focus();
    var name = heading.textContent.trim();
    announce(request.kind === "site" ? "Fiche de la fabrique affichée : " + name + "." : "Vue affichée : " + name + ".");
  }

  function expect(kind) {
    if (pending) {
      pending.observer.disconnect();
      window.clearTimeout(pending.timer);
    }
    var watched = kind === "site" ? document.getElementById("site-detail") : document.getElementById("view-heading");
    var request = { kind: kind, before: watched ? watched.textContent : null };
    request.observer = new MutationObserver(function () {
      var now = watched && watched.textContent;
      var heading = target(kind);
      if (heading && now !== request.before) {
        // Wait for the rest of the answer to be drawn in the same frame.
        window.requestAnimationFrame(function () {
          land(request);
        });
      }
    });
    if (watched) {
      request.observer.observe(watched, { childList: true, subtree: true, characterData: true });
    }
    request.timer = window.setTimeout(function () {
      land(request);
    }, WAIT_MS);
    pending = request;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target.closest && event.target.closest(".view-links a[href^='?']");
    if (!link) {
      return;
    }
    event.preventDefault();
    expect(link.closest("#sites-table") ? "site" : "view");
    window.history.pushState({}, "", link.getAttribute("href"));
    window.dispatchEvent(new PopStateEvent("popstate", { state: {} }));
  });
})();

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
