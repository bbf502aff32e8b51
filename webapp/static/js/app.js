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
    if (target && target.isConnected) {
      focus(focusTarget(target));
    } else if (detail.elt) {
      // outerHTML swaps replace the target: find the new element by its id.
      var fresh = detail.elt.id && document.getElementById(detail.elt.id);
      if (fresh) focus(focusTarget(fresh));
    }
  });

  // A failed request (network, 5xx) must not fail silently.
  document.addEventListener("htmx:responseError", function () {
    var main = document.getElementById("contenu");
    if (!main || main.querySelector(".notice--htmx-error")) return;
    var notice = document.createElement("p");
    notice.className = "notice notice--error notice--htmx-error";
    notice.setAttribute("role", "alert");
    notice.textContent = "L'action n'a pas pu aboutir. Rechargez la page et réessayez.";
    main.insertBefore(notice, main.firstChild);
  });
})();
