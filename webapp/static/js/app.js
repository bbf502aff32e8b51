// Keyboard and screen-reader users must know where they are after htmx changes the page.
// No inline script anywhere: the Content-Security-Policy forbids it.
(function () {
  "use strict";

  function focusTarget(root) {
    return root.querySelector("[data-focus-after-swap]") ||
      root.querySelector("[aria-invalid='true']");
  }

  function focus(element) {
    if (!element) return;
    if (!element.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(element.tagName)) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: false });
  }

  // A table wider than its box scrolls inside it (app.css): keyboard users must reach it too,
  // so an overflowing table takes the focus (tabindex 0); one that fits stays out of the way.
  function scrollableTables() {
    document.querySelectorAll(".table, .prose table").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth) table.setAttribute("tabindex", "0");
      else if (table.getAttribute("tabindex") === "0") table.removeAttribute("tabindex");
    });
  }
  document.addEventListener("DOMContentLoaded", scrollableTables);
  document.addEventListener("htmx:afterSettle", scrollableTables);
  window.addEventListener("resize", scrollableTables);

  // After a full page load (a form sent back with errors, say), go to the error summary.
  document.addEventListener("DOMContentLoaded", function () {
    focus(focusTarget(document));
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    if (detail.boosted) {
      // A boosted link replaced the whole body: behave like a page load.
      focus(focusTarget(document) || document.querySelector("main h1") || document.getElementById("contenu"));
      return;
    }
    var target = detail.target;
    // outerHTML swaps replace the target: find the new element by its id.
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    if (target) focus(focusTarget(target));
  });

  // The French message of a server failure (errors.py marks it data-error-notice), if the
  // response carries one: "database unreachable, try again in a minute" says more than ours.
  function serverMessage(xhr) {
    if (!xhr || !xhr.responseText || !window.DOMParser) return null;
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var notice = page.querySelector("[data-error-notice]");
    return notice ? notice.textContent.replace(/\s+/g, " ").trim() : null;
  }

  // A refused page (a boosted link or form answered 4xx/5xx: a locked module, an unknown
  // attestation number) replaces the page, as without JavaScript; false if it is no page.
  function showPage(detail) {
    var xhr = detail.xhr;
    if (!detail.boosted || !xhr || !xhr.responseText || !window.DOMParser) return false;
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    if (!page.getElementById("contenu")) return false;
    document.title = page.title;
    document.body.replaceChildren.apply(document.body, Array.prototype.slice.call(
      page.body.childNodes).map(function (node) { return document.adoptNode(node); }));
    if (xhr.responseURL) history.pushState(null, "", xhr.responseURL);
    if (window.htmx) window.htmx.process(document.body);
    window.scrollTo(0, 0);
    focus(focusTarget(document) || document.querySelector("main h1") || document.getElementById("contenu"));
    return true;
  }

  // Any other failed htmx request (network, 4xx, 5xx) is said next to what was asked, where
  // the person looks, never at the top of a long page: in the target, before its content.
  document.addEventListener("htmx:responseError", function (event) {
    var detail = event.detail || {};
    if (showPage(detail)) return;
    var target = detail.target && detail.target.isConnected ? detail.target : null;
    var place = target && target !== document.body ? target : document.getElementById("contenu");
    if (!place) return;
    var text = serverMessage(detail.xhr) ||
      "L'action n'a pas pu aboutir. Rechargez la page et réessayez.";
    // A table, a list or a field cannot hold a paragraph: the notice goes just before it.
    var outside = /^(TABLE|THEAD|TBODY|TR|UL|OL|DL|SELECT|INPUT|TEXTAREA|BUTTON|SPAN)$/.test(place.tagName);
    var notice = outside ? place.previousElementSibling : place.firstElementChild;
    if (!notice || !notice.classList.contains("notice--htmx-error")) {
      notice = document.createElement("p");
      notice.className = "notice notice--error notice--htmx-error";
      notice.setAttribute("role", "alert");
      if (outside) place.parentNode.insertBefore(notice, place);
      else place.insertBefore(notice, place.firstChild);
    }
    notice.textContent = text;
    focus(notice);
  });

  // A network failure has no answer at all: say so where the person looks too.
  document.addEventListener("htmx:sendError", function (event) {
    var detail = event.detail || {};
    window.htmx.trigger(document, "htmx:responseError", { target: detail.target, xhr: null });
  });
})();

// Presentation mode: one slide at a time, keyboard driven. Without JavaScript every slide
// stays visible, one after the other, which reads fine too.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var deck = document.querySelector("[data-slides]");
    if (!deck) return;
    var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
    var counter = deck.querySelector("[data-slides-counter]");
    var current = Math.min(Math.max(parseInt(deck.dataset.start, 10) || 0, 0), slides.length - 1);
    deck.classList.add("slides--js");

    // Keys move the focus to the slide (read from its top); the buttons keep it on themselves.
    function show(index, keepFocus) {
      current = Math.min(Math.max(index, 0), slides.length - 1);
      slides.forEach(function (slide, i) { slide.hidden = i !== current; });
      slides[current].setAttribute("tabindex", "-1");
      if (!keepFocus) slides[current].focus();
      if (counter) counter.textContent = "Diapositive " + (current + 1) + " sur " + slides.length;
      history.replaceState(null, "", "?diapo=" + current);
    }

    document.addEventListener("keydown", function (event) {
      var keys = { ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1 };
      var onControl = event.target.closest && event.target.closest("button, a");
      if (onControl && (event.key === " " || event.key === "Enter")) return;  // press it
      if (event.key in keys) { event.preventDefault(); show(current + keys[event.key]); }
      else if (event.key === "Home") { event.preventDefault(); show(0); }
      else if (event.key === "End") { event.preventDefault(); show(slides.length - 1); }
      else if (event.key === "f" || event.key === "F") { fullScreen(); }
    });

    function fullScreen() {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
    }
    deck.addEventListener("click", function (event) {
      var step = event.target.closest("[data-slides-step]");
      if (step) show(current + parseInt(step.dataset.slidesStep, 10), true);
      else if (event.target.closest("[data-slides-fullscreen]")) fullScreen();
    });
    show(current);
  });

  // Filterable tables (the role × document matrix): rows whose text does not match are hidden.
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-filter-table]")) return;
    var table = document.getElementById(input.dataset.filterTable);
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var match = row.textContent.toLowerCase().indexOf(query) !== -1;
      row.hidden = !match;
      if (match) shown += 1;
    });
    var status = document.getElementById(input.dataset.filterTable + "-status");
    if (status) status.textContent = shown + " ligne(s) affichée(s)";
  });
})();
