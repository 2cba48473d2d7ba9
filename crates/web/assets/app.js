// crampwise's pages, improved when scripts run: numbers are checked as they
// are typed, and the questionnaire and the label check are posted without
// leaving the page (the server renders the same page it would for the
// ordinary post, and this swaps its content in). Each swap is a step in the
// browser's history: Back shows the page before it, answers as typed.
// Everything works without this file; when a request fails, the ordinary
// form post happens instead.
(function () {
  "use strict";

  function errorFor(input) {
    return document.getElementById("e-" + input.id.replace(/^f-/, ""));
  }

  function setDescribedBy(input, id, present) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids = ids.filter(function (x) { return x !== id; });
    if (present) { ids.push(id); }
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); } else { input.removeAttribute("aria-describedby"); }
  }

  function showError(input, message) {
    var error = errorFor(input);
    if (!error) {
      error = document.createElement("p");
      error.className = "error";
      error.id = "e-" + input.id.replace(/^f-/, "");
      error.setAttribute("aria-live", "polite");
      input.parentNode.insertBefore(error, input);
    }
    error.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = "Check this:";
    error.appendChild(strong);
    error.appendChild(document.createTextNode(" " + message));
    input.setAttribute("aria-invalid", "true");
    setDescribedBy(input, error.id, true);
  }

  function clearError(input) {
    var error = errorFor(input);
    if (error) { error.remove(); }
    input.removeAttribute("aria-invalid");
    if (error) { setDescribedBy(input, error.id, false); }
  }

  // The same check the server makes (the field table's range).
  function checkNumber(input) {
    var text = input.value.trim();
    if (text === "") {
      clearError(input);
      return true;
    }
    var value = Number(text.replace(",", "."));
    var min = Number(input.dataset.min);
    var max = Number(input.dataset.max);
    if (!isFinite(value) || value < min || value > max) {
      showError(input, "expected a number from " + input.dataset.min + " to " + input.dataset.max + ", got `" + text + "`");
      return false;
    }
    clearError(input);
    return true;
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[data-min]")) { checkNumber(input); }
  });

  // The content of each page this tab showed, by history step. Kept in
  // memory only: the answers are health data and are never written to the
  // browser's session history (a reload there shows a fresh page).
  var views = {};
  var shown = 0;
  var steps = 0;
  if (window.history && history.replaceState) {
    history.replaceState({ crampwiseView: 0 }, "", location.href);
  }

  function takeOut(main) {
    var nodes = document.createDocumentFragment();
    while (main.firstChild) { nodes.appendChild(main.firstChild); }
    return { nodes: nodes, title: document.title, by: main.getAttribute("data-shown-by") };
  }

  function focusTop(main) {
    window.scrollTo(0, 0);
    var focus = main.querySelector("#errors") || main.querySelector("h1");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) { focus.setAttribute("tabindex", "-1"); }
      focus.focus();
    }
  }

  function swapIn(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var next = doc.querySelector("main");
    var main = document.querySelector("main");
    if (!next || !main) { return false; }
    views[shown] = takeOut(main);
    while (next.firstChild) { main.appendChild(document.adoptNode(next.firstChild)); }
    main.setAttribute("data-shown-by", "script");
    document.title = doc.title;
    if (window.history && history.pushState) {
      steps += 1;
      shown = steps;
      history.pushState({ crampwiseView: shown }, "", url);
    }
    focusTop(main);
    return true;
  }

  window.addEventListener("popstate", function (event) {
    var step = event.state && event.state.crampwiseView;
    if (typeof step !== "number" || step === shown) { return; }
    var main = document.querySelector("main");
    var view = views[step];
    if (!main || !view) { location.reload(); return; }
    views[shown] = takeOut(main);
    main.appendChild(view.nodes);
    if (view.by) { main.setAttribute("data-shown-by", view.by); } else { main.removeAttribute("data-shown-by"); }
    document.title = view.title;
    delete views[step];
    shown = step;
    focusTop(main);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("#intake, form.label-check")) { return; }
    var numbers = Array.prototype.slice.call(form.querySelectorAll("input[data-min]"));
    var bad = numbers.filter(function (input) { return !checkNumber(input); });
    event.preventDefault();
    if (bad.length) {
      bad[0].focus();
      return;
    }
    form.classList.add("busy");
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "text/html" },
      credentials: "same-origin"
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (type.indexOf("text/html") !== 0) { throw new Error("not a page"); }
      return response.text();
    }).then(function (html) {
      if (!swapIn(html, form.action)) { throw new Error("no content"); }
    }).catch(function () {
      form.classList.remove("busy");
      form.submit();
    });
  });
})();
