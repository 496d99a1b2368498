// The search page: Pagefind's Default UI, started with the query (?q=) and order (?sort=) from the
// address, which it keeps up to date so a search can be shared.
"use strict";

(async function () {
  const root = document.querySelector("[data-search-root]");
  if (!root || typeof PagefindUI === "undefined") {
    return;
  }
  const params = new URLSearchParams(window.location.search);
  const query = params.get("q") || "";
  const order = ["asc", "desc"].includes(params.get("sort")) ? params.get("sort") : "";

  // Load every filter before the first search: otherwise the UI can take its filter list from a
  // search that answered before all of them had loaded, and a filter group goes missing for good.
  // The UI imports the same module, so it shares what is loaded here.
  try {
    const pagefind = await import("/pagefind/pagefind.js");
    await pagefind.filters();
  } catch (error) {
    // Search still works without the filters loaded early; the UI loads them itself.
  }

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

  // Applying an order reloads the page with it in the address (Pagefind sorts when it starts). Only
  // the button applies it: a select that reloads the page as it changes loses keyboard users' place.
  const sortControl = document.getElementById("search-sort");
  sortControl.value = order;
  sortControl.form.hidden = false;
  sortControl.form.addEventListener("submit", function (event) {
    event.preventDefault();
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
