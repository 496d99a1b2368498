// The search page: Pagefind's Default UI, started with the query from ?q= and kept in the address.
"use strict";

(function () {
  const root = document.querySelector("[data-search-root]");
  if (!root || typeof PagefindUI === "undefined") {
    return;
  }
  const sortControl = document.getElementById("search-sort");
  const params = new URLSearchParams(window.location.search);
  let ui = null;

  function start(query, order) {
    if (ui) {
      ui.destroy();
    }
    ui = new PagefindUI({
      element: "#search",
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      autofocus: !query,
      sort: order ? { date: order } : undefined,
      translations: { placeholder: "Search the record", zero_results: "No results for [SEARCH_TERM]" },
    });
    if (query) {
      ui.triggerSearch(query);
    }
    const input = root.querySelector("input");
    if (input) {
      input.setAttribute("aria-label", "Search the record");
      input.addEventListener("input", function () {
        const url = new URL(window.location.href);
        if (input.value) {
          url.searchParams.set("q", input.value);
        } else {
          url.searchParams.delete("q");
        }
        window.history.replaceState(null, "", url);
      });
    }
  }

  sortControl.parentElement.hidden = false;
  sortControl.addEventListener("change", function () {
    const input = root.querySelector("input");
    start(input ? input.value : "", sortControl.value);
  });
  start(params.get("q") || "", "");
})();
