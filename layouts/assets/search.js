// The search page: Pagefind's Default UI, started with the query (?q=) and order (?sort=) from the
// address, which it keeps up to date so a search can be shared.
"use strict";

(function () {
  const root = document.querySelector("[data-search-root]");
  if (!root || typeof PagefindUI === "undefined") {
    return;
  }
  const params = new URLSearchParams(window.location.search);
  const query = params.get("q") || "";
  const order = ["asc", "desc"].includes(params.get("sort")) ? params.get("sort") : "";

  const ui = new PagefindUI({
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

  // Changing the order reloads the page with it in the address (Pagefind sorts when it starts).
  const sortControl = document.getElementById("search-sort");
  sortControl.value = order;
  sortControl.parentElement.hidden = false;
  sortControl.addEventListener("change", function () {
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    if (sortControl.value) {
      url.searchParams.set("sort", sortControl.value);
    } else {
      url.searchParams.delete("sort");
    }
    window.location.assign(url);
  });
})();
