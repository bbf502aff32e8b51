// Keyboard and screen-reader users must know where they are after htmx changes the page.
// No inline script anywhere: the Content-Security-Policy forbids it.
(function () {
  "use strict";

  function focusTarget(root) {
    return root.querySelector("[data-focus-after-swap]") ||
      root.querySelector("[aria-invalid='true']");
  }

  // The focus brings the element into view, whole when it fits. On a new page (`atTop`) one
  // left low on the screen goes to the top, with what follows it below: a result whose first
  // line alone showed at the bottom of a phone's screen hid its buttons, an error summary the
  // fields it names. A part swapped in place moves the page no more than needed.
  function focus(element, atTop) {
    if (!element) return;
    if (!element.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(element.tagName)) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus({ preventScroll: false });
    var box = element.getBoundingClientRect();
    var fits = box.height <= window.innerHeight;
    if (atTop && box.top > window.innerHeight / 2) {
      element.scrollIntoView({ block: "start" });
    } else if (box.top < 0 || box.bottom > window.innerHeight) {
      element.scrollIntoView({ block: fits ? "nearest" : "start" });
    }
  }

  // A table wider than its box scrolls inside it (app.css): a line above says so (its columns
  // on the right would go unseen), and keyboard users must reach it too, so an overflowing table
  // takes the focus (tabindex 0); one that fits stays out of the way.
  function scrollableTables() {
    document.querySelectorAll(".table, .prose table").forEach(function (table) {
      var hint = table.previousElementSibling;
      if (!hint || !hint.classList.contains("table-hint")) hint = null;
      if (table.scrollWidth > table.clientWidth) {
        table.setAttribute("tabindex", "0");
        if (!hint) {
          hint = document.createElement("p");
          hint.className = "table-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = "Tableau plus large que l'écran : faites-le défiler vers la droite pour voir toutes ses colonnes.";
          table.parentNode.insertBefore(hint, table);
        }
      } else {
        if (table.getAttribute("tabindex") === "0") table.removeAttribute("tabindex");
        if (hint) hint.remove();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", scrollableTables);
  document.addEventListener("htmx:afterSettle", scrollableTables);
  window.addEventListener("resize", scrollableTables);

  // After a full page load (a form sent back with errors, say), go to the error summary.
  document.addEventListener("DOMContentLoaded", function () {
    focus(focusTarget(document), true);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    if (detail.boosted) {
      // A boosted link or form replaced the whole body: behave like a page load, from the top
      // (htmx's own scroll to the top is off: it came after this and undid it), then to the
      // error summary when there is one.
      window.scrollTo(0, 0);
      focus(focusTarget(document) || document.querySelector("main h1") || document.getElementById("contenu"), true);
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
    focus(focusTarget(document) || document.querySelector("main h1") || document.getElementById("contenu"), true);
    return true;
  }

  // Any other failed htmx request (network, 4xx, 5xx) is said next to what was asked, where
  // the person looks, never at the top of a long page: in the target, before its content.
  // A part of the page that handles its own failures (the exam keeps what is unsent and
  // offers to sign in again) says so by cancelling the event first.
  document.addEventListener("htmx:responseError", function (event) {
    if (event.defaultPrevented) return;
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
    if (event.defaultPrevented) return;
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

/* === exam === */
// Ordering questions move their items with « Monter » / « Descendre » and fill the rank fields
// the server reads (without JavaScript, the person picks each rank). The exam never loses an
// answer: a failed save says so in the exam's bar, the answers stay in the page, and once the
// person has signed in again (in a new tab) a fresh CSRF token is fetched and they are resent.
(function () {
  "use strict";

  function visuallyHidden(text) {
    var span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  function itemText(item) {
    return item.querySelector(".ordering__text").textContent.trim();
  }

  // The first item cannot go up, nor the last down: their buttons say so, and keep the focus.
  function markEnds(list) {
    var items = list.querySelectorAll("[data-ordering-item]");
    items.forEach(function (item, index) {
      item.querySelector("[data-move='-1']").setAttribute("aria-disabled", String(index === 0));
      item.querySelector("[data-move='1']").setAttribute("aria-disabled", String(index === items.length - 1));
    });
  }

  // Every item's rank field takes its place in the list; each visible number follows.
  function syncRanks(list) {
    list.querySelectorAll("[data-ordering-item]").forEach(function (item, index) {
      item.querySelector("select").value = item.dataset.orderingItem + ":" + (index + 1);
      item.querySelector(".ordering__position").textContent = (index + 1) + ".";
    });
    markEnds(list);
  }

  function announce(list, item, end) {
    var live = list.parentNode.querySelector("[data-ordering-live]");
    var position = Array.prototype.indexOf.call(list.children, item) + 1;
    if (live) {
      live.textContent = "« " + itemText(item) + " » : position " + position + " sur " +
        list.children.length + (end || ".");
    }
  }

  // A new order: ranks filled, announced, and saved (the exam saves on change).
  function reordered(list, item) {
    syncRanks(list);
    announce(list, item);
    item.querySelector("select").dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Items whose every rank is set (answers put back from the browser) take their order.
  function sortByRanks(list) {
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-ordering-item]"));
    var rank = function (item) { return parseInt(item.querySelector("select").value.split(":")[1], 10); };
    if (!items.every(function (item) { return rank(item) > 0; })) return;
    items.sort(function (a, b) { return rank(a) - rank(b); }).forEach(function (item) {
      list.appendChild(item);
    });
    if (list.dataset.orderingReady) syncRanks(list);
  }

  function moveButton(label, delta, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.dataset.move = String(delta);
    button.append(label, visuallyHidden(" : « " + text + " »"));
    return button;
  }

  function enhanceOrdering(list) {
    if (list.dataset.orderingReady) return;
    list.dataset.orderingReady = "true";
    var hint = document.getElementById(list.dataset.ordering + "-hint");
    if (hint) {
      hint.textContent = "Placez les éléments du premier (en haut) au dernier avec les boutons " +
        "« Monter » et « Descendre » : votre ordre compte dès le premier déplacement.";
    }
    list.querySelectorAll("[data-ordering-item]").forEach(function (item, index) {
      var text = itemText(item);
      item.querySelector("[data-ordering-rank]").hidden = true;
      var position = document.createElement("span");
      position.className = "ordering__position";
      position.setAttribute("aria-hidden", "true");
      position.textContent = (index + 1) + ".";
      item.insertBefore(position, item.firstChild);
      var handle = document.createElement("span");
      handle.className = "ordering__handle";
      handle.setAttribute("aria-hidden", "true");
      handle.title = "Faire glisser";
      handle.textContent = "⠿";
      item.insertBefore(handle, item.firstChild);
      var moves = document.createElement("span");
      moves.className = "ordering__moves";
      moves.append(moveButton("Monter", -1, text), moveButton("Descendre", 1, text));
      item.appendChild(moves);
    });
    markEnds(list);
  }

  // The moved item itself stays in place in the DOM (its neighbour moves round it), so the
  // focus stays on the button that was pressed.
  function move(button) {
    var item = button.closest("[data-ordering-item]");
    var list = item.parentNode;
    var up = button.dataset.move === "-1";
    var neighbour = up ? item.previousElementSibling : item.nextElementSibling;
    if (neighbour) {
      list.insertBefore(neighbour, up ? item.nextElementSibling : item);
      list.querySelectorAll(".ordering__item--moved").forEach(function (other) {
        other.classList.remove("ordering__item--moved");
      });
      item.classList.add("ordering__item--moved");
      reordered(list, item);
    } else {
      announce(list, item, up ? ", déjà en premier." : ", déjà en dernier.");
    }
    button.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-ordering-item] [data-move]");
    if (button) move(button);
  });

  // With a pointer (mouse, finger, pen), an item can also be dragged by its handle; the
  // buttons stay the way for the keyboard and screen readers.
  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest && event.target.closest(".ordering__handle");
    if (!handle || event.button !== 0) return;
    var item = handle.closest("[data-ordering-item]");
    var list = item.parentNode;
    var before = Array.prototype.indexOf.call(list.children, item);
    event.preventDefault();
    item.classList.add("ordering__item--dragged");

    function follow(moveEvent) {
      var siblings = Array.prototype.filter.call(list.children, function (other) { return other !== item; });
      var next = siblings.filter(function (other) {
        var box = other.getBoundingClientRect();
        return moveEvent.clientY < box.top + box.height / 2;
      })[0] || null;
      if (next !== item.nextElementSibling) list.insertBefore(item, next);
    }
    // Listened to on the document: moving the item in the DOM would end a pointer capture.
    function drop() {
      document.removeEventListener("pointermove", follow);
      document.removeEventListener("pointerup", drop);
      document.removeEventListener("pointercancel", drop);
      item.classList.remove("ordering__item--dragged");
      if (Array.prototype.indexOf.call(list.children, item) !== before) reordered(list, item);
    }
    document.addEventListener("pointermove", follow);
    document.addEventListener("pointerup", drop);
    document.addEventListener("pointercancel", drop);
  });

  function enhanceAll(root) {
    root.querySelectorAll("[data-ordering]").forEach(enhanceOrdering);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.detail.elt.querySelectorAll) enhanceAll(event.detail.elt);
  });

  // The sign-in tab tells the exam's tab it may resend now.
  var CHANNEL = "rppsplus-exam";
  function signedInAgain(root) {
    if (root.querySelector("[data-signed-in-again]") && window.BroadcastChannel) {
      new BroadcastChannel(CHANNEL).postMessage("signed-in");
    }
  }

  // Pages come by full loads and by boosted links and forms (htmx:load): set up either way.
  function setUp(root) {
    signedInAgain(root);
    var form = root.querySelector("form[data-exam]");
    if (form && !form.dataset.examReady) keepAnswers(form);
  }
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.detail.elt.querySelector) setUp(event.detail.elt);
  });

  function keepAnswers(form) {
    form.dataset.examReady = "true";
    var bar = document.getElementById("exam-bar");
    var recover = bar.querySelector("[data-exam-recover]");
    var unsent = false;
    var handingIn = false;
    var retryTimer = null;
    var retryDelay = 15;

    // A question is answered in the page when a box is ticked, or when each of its lists
    // (ranks, pairs) has a value: what the server will count once saved.
    function answered(section) {
      var selects = section.querySelectorAll("select");
      if (selects.length) {
        return Array.prototype.every.call(selects, function (select) { return select.value; });
      }
      return !!section.querySelector("input:checked");
    }

    function updateCount() {
      var count = 0;
      form.querySelectorAll("[data-exam-question]").forEach(function (section) {
        var done = answered(section);
        if (done) count += 1;
        var link = bar.querySelector("[data-exam-nav='" + section.dataset.examQuestion + "']");
        if (!link || link.dataset.answered === String(done)) return;
        link.dataset.answered = String(done);
        link.querySelector(".exam-nav__icon").textContent = done ? "✓" : "○";
        link.querySelector(".exam-nav__state").textContent = done ? " : répondue" : " : sans réponse";
      });
      bar.querySelector("[data-exam-answered]").textContent = String(count);
    }

    function status(state, text) {
      var line = document.getElementById("save-status");
      line.className = "save-status save-status--" + state;
      line.dataset.saveState = state;
      line.querySelector(".save-status__icon").textContent = state === "saved" ? "✓" : "!";
      line.lastChild.textContent = " " + text;
      line.setAttribute("tabindex", "-1");
      return line;
    }

    function serverText(xhr) {
      if (!xhr || !xhr.responseText || !window.DOMParser) return null;
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var line = page.getElementById("save-status");
      return line ? line.textContent.replace(/\s+/g, " ").trim().replace(/^!\s*/, "") : null;
    }

    function setToken(token) {
      document.querySelectorAll("input[name='csrf_token']").forEach(function (input) {
        input.value = token;
      });
      var holder = document.querySelector("[hx-headers], [data-hx-headers]");
      if (!holder) return;
      var name = holder.hasAttribute("hx-headers") ? "hx-headers" : "data-hx-headers";
      holder.setAttribute(name, JSON.stringify({ "X-CSRFToken": token }));
    }

    // true: signed in, with a fresh token in the page; false: no session; null: no answer.
    function refreshToken() {
      return fetch(form.dataset.examTokenUrl, {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }
      }).then(function (response) {
        if (response.status === 401) return false;
        if (!response.ok) return null;
        return response.json().then(function (data) {
          if (!data.signed_in) return false;
          setToken(data.csrf_token);
          return true;
        });
      }).catch(function () { return null; });
    }

    // The focus goes to the message once: answering on meanwhile is not interrupted again.
    var lost = false;
    function sessionLost(text, always) {
      unsent = true;
      recover.hidden = false;
      var line = status("lost", text || "Votre session a expiré : vos réponses restent sur " +
        "cette page mais ne sont plus enregistrées. Reconnectez-vous, puis elles seront renvoyées.");
      if (!lost || always) line.focus();
      lost = true;
    }

    function serverDown() {
      unsent = true;
      recover.hidden = false;
      status("unsent", "Le serveur ne répond pas : vos réponses restent sur cette page. " +
        "Nouvel essai dans " + retryDelay + " s, ou « Renvoyer mes réponses ».");
      clearTimeout(retryTimer);
      retryTimer = setTimeout(resend, retryDelay * 1000);
      retryDelay = Math.min(retryDelay * 2, 120);
    }

    function send() { window.htmx.trigger(form, "change"); }

    // Resend every answer of the page (each save posts the whole form) once signed in.
    var checking = false;
    function resend() {
      if (checking) return;
      checking = true;
      refreshToken().then(function (signedIn) {
        checking = false;
        if (signedIn === true) send();
        else if (signedIn === false) sessionLost();
        else serverDown();
      });
    }

    // What the page holds is also kept in this tab's storage until the server has it: a reload
    // or a crash of the page puts it back, and it is sent again.
    var key = "rppsplus-exam-" + form.dataset.exam;
    function fields() {
      return Array.prototype.filter.call(form.elements, function (field) {
        return /^q-/.test(field.name) && field.type !== "hidden";
      });
    }
    function remember() {
      var values = {};
      fields().forEach(function (field) {
        values[field.name] = values[field.name] || [];
        if (field.tagName === "SELECT" ? field.value : field.checked) values[field.name].push(field.value);
      });
      try { sessionStorage.setItem(key, JSON.stringify(values)); } catch (error) { /* full or off */ }
    }
    function forget() {
      try { sessionStorage.removeItem(key); } catch (error) { /* off */ }
    }
    function putBack() {
      var kept = null;
      try { kept = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (error) { kept = null; }
      if (!kept) return false;
      fields().forEach(function (field) {
        var values = kept[field.name] || [];
        if (field.tagName !== "SELECT") { field.checked = values.indexOf(field.value) !== -1; return; }
        var options = Array.prototype.map.call(field.options, function (option) { return option.value; });
        field.value = values.filter(function (value) { return options.indexOf(value) !== -1; })[0] || "";
      });
      form.querySelectorAll("[data-ordering]").forEach(sortByRanks);
      return true;
    }

    form.addEventListener("change", updateCount);
    form.addEventListener("change", remember);

    // A save that failed: nothing is swapped, the answers stay, the bar says what to do.
    var retriedWithNewToken = false;
    function failed(event) {
      if (event.detail.elt !== form) return;
      event.preventDefault(); // handled here, not by the page-wide notice
      var xhr = event.detail.xhr;
      var code = xhr ? xhr.status : 0;
      unsent = true;
      remember();
      if (code === 401) {
        sessionLost(serverText(xhr));
      } else if ((code === 400 || code === 403) && !retriedWithNewToken) {
        // The token may be stale (a new session in another tab): fetch one and send again.
        retriedWithNewToken = true;
        resend();
      } else if (code === 400 || code === 403) {
        sessionLost();
      } else if (code === 404) {
        sessionLost("Cette épreuve n'est pas celle du compte connecté : reconnectez-vous avec " +
          "votre compte ; vos réponses restent sur cette page.");
      } else {
        serverDown();
      }
    }
    form.addEventListener("htmx:responseError", failed);
    form.addEventListener("htmx:sendError", failed);
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== form || !event.detail.successful) return;
      recover.hidden = true;
      unsent = false;
      lost = false;
      forget();
      retriedWithNewToken = false;
      retryDelay = 15;
      clearTimeout(retryTimer);
    });

    recover.querySelector("[data-exam-resend]").addEventListener("click", resend);
    // Back from the sign-in tab: resend (a page left for another one stays quiet).
    function comeBack() {
      if (unsent && form.isConnected && document.visibilityState === "visible") resend();
    }
    window.addEventListener("focus", comeBack);
    document.addEventListener("visibilitychange", comeBack);
    if (window.BroadcastChannel) new BroadcastChannel(CHANNEL).addEventListener("message", comeBack);

    // Handing in posts every answer: it goes only with a live session and a fresh token, so a
    // lost session never turns the copy into a refused request (or a trip to the login page).
    form.addEventListener("submit", function (event) {
      if (handingIn) return;
      event.preventDefault();
      var submitter = event.submitter;
      refreshToken().then(function (signedIn) {
        if (signedIn === true) {
          handingIn = true;
          if (form.requestSubmit) form.requestSubmit(submitter || undefined);
          else form.submit();
        } else if (signedIn === false) {
          sessionLost("Votre session a expiré : votre copie n'est pas rendue, vos réponses " +
            "restent sur cette page. Reconnectez-vous, puis rendez votre copie.", true);
        } else {
          unsent = true;
          recover.hidden = false;
          status("unsent", "Le serveur ne répond pas : votre copie n'est pas rendue, vos " +
            "réponses restent sur cette page. Réessayez dans un instant.").focus();
        }
      });
    });

    // Leaving the page would lose what is unsent: the browser asks first (a boosted link too).
    var LEAVE = "Certaines réponses ne sont pas encore enregistrées : quitter la page les perdrait.";
    window.addEventListener("beforeunload", function (event) {
      if (unsent && form.isConnected && !handingIn) { event.preventDefault(); event.returnValue = LEAVE; }
    });
    document.addEventListener("htmx:beforeRequest", function (event) {
      if (unsent && form.isConnected && event.detail.boosted && !window.confirm(LEAVE + " Quitter quand même ?")) {
        event.preventDefault();
      }
    });

    // A question reached from the bar: the list closes, the question takes the focus.
    bar.addEventListener("click", function (event) {
      var link = event.target.closest("[data-exam-nav]");
      if (!link) return;
      link.closest("details").open = false;
      var field = document.querySelector("#question-" + CSS.escape(link.dataset.examNav) +
        " input:not([type='hidden']), #question-" + CSS.escape(link.dataset.examNav) + " select, " +
        "#question-" + CSS.escape(link.dataset.examNav) + " button");
      if (field) setTimeout(function () { field.focus(); }, 0);
    });

    if (putBack()) {
      unsent = true;
      status("unsent", "Des réponses gardées par ce navigateur, pas encore enregistrées, " +
        "ont été remises sur la page : envoi en cours…");
      resend();
    }
    updateCount();
  }
})();
