// Keyboard shortcuts on the theme coding page: each key presses one of the page's buttons
// (the page works the same without this script). Keys are ignored while typing in a field.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var key = "";
    var digit = /^Digit([1-9])$/.exec(event.code || "");
    if (digit) {
      key = (event.shiftKey ? "shift+" : "") + digit[1];
    } else if (!event.shiftKey && /^[ax]$/i.test(event.key)) {
      key = event.key.toLowerCase();
    }
    if (!key) return;
    var button = document.querySelector('[data-coding] button[data-shortcut="' + key + '"]');
    if (!button) return;
    event.preventDefault();
    button.click();
  });
  // After a decision the page reloads at #answer: put the focus there for screen readers.
  if (window.location.hash === "#answer") {
    var answer = document.getElementById("answer");
    if (answer) answer.focus();
  }
})();
