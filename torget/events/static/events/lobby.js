/* The lobby screen refreshes itself: just after each minute turns it fetches the page and
   puts the new screen in place of the old. When the server does not answer it keeps what
   it shows (a reload would leave the TV on an error page until someone walks up to it)
   and, after a few missed minutes, says since when it has not been updated. Once an hour
   it reloads the whole page, so new styles and scripts arrive too.
   Plain ES5 and XMLHttpRequest: TV browsers are old. Without JavaScript a <noscript>
   meta refresh reloads the page instead. */
(function () {
  "use strict";

  var SELECTOR = "[data-lobby-refresh]";
  var STALE_AFTER_MS = 3 * 60 * 1000;
  var SWAPS_BEFORE_RELOAD = 60;

  var screen = document.querySelector(SELECTOR);
  if (!screen) {
    return;
  }
  var everyMs = (parseInt(screen.getAttribute("data-lobby-refresh"), 10) || 60) * 1000;
  var lastSuccess = Date.now();
  var swaps = 0;

  function schedule() {
    // A moment after the minute turns, so the clock on the screen shows the right minute.
    var wait = everyMs - (Date.now() % everyMs) + 2000;
    window.setTimeout(refresh, wait);
  }

  function showStale() {
    var note = screen.querySelector("[data-lobby-stale]");
    if (note && Date.now() - lastSuccess > STALE_AFTER_MS) {
      note.hidden = false;
    }
  }

  function refresh() {
    var request = new XMLHttpRequest();
    request.open("GET", window.location.href, true);
    request.responseType = "document";
    request.timeout = 20000;
    request.onload = function () {
      var fresh = request.status === 200 && request.response
        ? request.response.querySelector(SELECTOR)
        : null;
      if (!fresh) {
        showStale();
        schedule();
        return;
      }
      lastSuccess = Date.now();
      swaps += 1;
      if (swaps >= SWAPS_BEFORE_RELOAD) {
        window.location.reload();
        return;
      }
      var copy = document.importNode(fresh, true);
      screen.parentNode.replaceChild(copy, screen);
      screen = copy;
      if (request.response.title) {
        document.title = request.response.title;
      }
      schedule();
    };
    request.onerror = request.ontimeout = function () {
      showStale();
      schedule();
    };
    request.send();
  }

  schedule();
})();
