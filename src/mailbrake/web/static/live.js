// Live progress without reload: poll each [data-progress] card's JSON and fill its fields.
(function () {
  "use strict";
  function update(card) {
    fetch(card.getAttribute("data-progress"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        card.querySelectorAll("[data-field]").forEach(function (el) {
          var name = el.getAttribute("data-field");
          if (name === "bar") { el.max = data.total || 1; el.value = data.sent; return; }
          if (name in data) { el.textContent = data[name]; }
        });
        card.setAttribute("data-state", data.state);
      })
      .catch(function () { /* the next poll tries again */ });
  }
  function tick() { document.querySelectorAll("[data-progress]").forEach(update); }
  function countdown() {
    document.querySelectorAll("[data-until]").forEach(function (el) {
      var left = Math.max(0, Math.round((Date.parse(el.getAttribute("data-until")) - Date.now()) / 1000));
      el.textContent = left + " s";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    tick(); countdown();
    setInterval(tick, 1000);
    setInterval(countdown, 1000);
  });
})();
