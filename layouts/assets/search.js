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
    showEmptyFilters: false, // a filter value no result has ("Person (0)") narrows to nothing
    sort: order ? { date: order } : undefined,
    translations: { placeholder: "Search the record", zero_results: "No results for [SEARCH_TERM]" },
  });
  watchResults(root);
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

// Pagefind writes its message ("21 results for victims") into a plain paragraph: copy it into the page's
// polite status region, so that screen readers announce it (WCAG 4.1.3), and show the help while a search
// finds nothing. Both are outside the UI's element, so updating them does not wake the observer again.
function watchResults(root) {
  const status = document.getElementById("search-status");
  const help = document.getElementById("search-help");
  if (!status || !help) {
    return;
  }
  const update = function () {
    const results = getResults(root);
    if (results === null) {
      return; // still searching: keep the last message until the new one is ready
    }
    if (status.textContent !== results.message) {
      status.textContent = results.message;
    }
    help.hidden = !results.none;
  };
  new MutationObserver(update).observe(root, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["class"],
  });
  update();
}

// Return the UI's results message and whether it found nothing, or null while it is still searching.
// The message stands right before the list of results; the "Searching for ..." message has no list.
function getResults(root) {
  const drawer = root.querySelector(".pagefind-ui__drawer");
  if (!drawer || drawer.classList.contains("pagefind-ui__hidden")) {
    return { message: "", none: false }; // an empty box: no search, nothing to say
  }
  const list = drawer.querySelector(".pagefind-ui__results");
  const message = list && list.previousElementSibling;
  if (!message || !message.classList.contains("pagefind-ui__message")) {
    return null;
  }
  return { message: message.textContent.trim(), none: list.childElementCount === 0 };
}
