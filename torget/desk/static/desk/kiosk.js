/* The kiosk goes back to its start page after a while without a touch or a key.
 * A warning comes first, with a button to stay (WCAG 2.2.1). Without JavaScript nothing
 * resets, and nothing breaks. */
(function () {
  "use strict";

  var body = document.body;
  var start = body.dataset.kioskStart;
  var resetMs = (parseInt(body.dataset.kioskReset, 10) || 90) * 1000;
  var warningMs = (parseInt(body.dataset.kioskWarning, 10) || 20) * 1000;
  var warning = document.getElementById("kiosk-warning");
  var stay = document.getElementById("kiosk-stay");
  if (!start || !warning) return;

  var warnTimer = null;
  var resetTimer = null;

  function reset() {
    window.location.assign(start);
  }

  function warn() {
    warning.hidden = false;
    stay.focus();
    resetTimer = window.setTimeout(reset, warningMs);
  }

  function activity() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(resetTimer);
    if (!warning.hidden) warning.hidden = true;
    warnTimer = window.setTimeout(warn, Math.max(0, resetMs - warningMs));
  }

  ["pointerdown", "keydown", "input", "scroll", "touchstart"].forEach(function (name) {
    window.addEventListener(name, activity, {passive: true, capture: true});
  });
  stay.addEventListener("click", activity);
  activity();
})();
