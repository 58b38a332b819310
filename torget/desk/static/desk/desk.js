/* The desk screen's taps through the API, with an offline queue.
 *
 * Without this script the page still works: each topic button posts the form.
 * With it, a tap gets a client_id made here, goes into a queue in localStorage first and
 * is then sent to POST /api/v1/inquiries. A tap the network lost stays in the queue and is
 * sent again later; the server records a client_id once, so every tap counts exactly once.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-desk]");
  if (!root || !window.fetch || !window.JSON) return;
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("torget.desk.probe", "1");
    storage.removeItem("torget.desk.probe");
  } catch (e) {
    return; // no storage (private mode): the plain form posts are the safe way
  }

  var QUEUE_KEY = "torget.desk.queue";
  var CHANNEL_KEY = "torget.desk.channel." + root.dataset.hub;
  var UNDO_MS = 10000;
  var RETRY_MS = 15000;
  var hub = root.dataset.hub;
  var api = root.dataset.api;
  var texts = JSON.parse(document.getElementById("desk-texts").textContent);
  var form = document.getElementById("desk-form");
  var undoForm = document.getElementById("desk-undo");
  var undoButton = undoForm.querySelector("button");
  var announceEl = document.getElementById("desk-announce");
  var pendingEl = document.getElementById("desk-pending");

  var sending = false;
  var inFlight = null; // client_id being sent
  var last = null; // {item, id, undoWanted}
  var undoTimer = null;
  var retryTimer = null;
  var lastSubmitter = null;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function announce(message) {
    // Clear first, so the same words twice are announced twice.
    announceEl.textContent = "";
    window.setTimeout(function () {
      announceEl.textContent = message;
    }, 50);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : root.dataset.csrf;
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    // getRandomValues also works on plain http, where randomUUID is missing.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- The queue: read and written whole each time, so two tabs do not lose taps -------
  function loadQueue() {
    try {
      var parsed = JSON.parse(storage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      return [];
    }
  }
  function saveQueue(queue) {
    storage.setItem(QUEUE_KEY, JSON.stringify(queue));
  }
  function enqueue(item) {
    var queue = loadQueue();
    queue.push(item);
    saveQueue(queue);
  }
  function dequeue(clientId) {
    var queue = loadQueue();
    var kept = queue.filter(function (q) { return q.client_id !== clientId; });
    saveQueue(kept);
    return kept.length !== queue.length;
  }

  // --- Counts on the page -----------------------------------------------------------
  function bump(topic, delta) {
    generation += 1;
    document.querySelectorAll('[data-count-for="' + topic + '"]').forEach(function (el) {
      el.textContent = String(Math.max(0, (parseInt(el.textContent.replace(/\D/g, ""), 10) || 0) + delta));
    });
    var total = document.querySelector("[data-count-total]");
    if (total) {
      total.textContent = String(Math.max(0, (parseInt(total.textContent.replace(/\D/g, ""), 10) || 0) + delta));
    }
  }
  // Bumped by every local change, so an answer that left before it cannot overwrite it.
  var generation = 0;
  function refreshCounts() {
    var asked = generation;
    fetch(api + "inquiries/today?hub=" + encodeURIComponent(hub), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || asked !== generation) return;
        if (loadQueue().some(function (q) { return q.hub === hub; })) return;
        Object.keys(data.by_topic).forEach(function (code) {
          document.querySelectorAll('[data-count-for="' + code + '"]').forEach(function (el) {
            el.textContent = String(data.by_topic[code]);
          });
        });
        var total = document.querySelector("[data-count-total]");
        if (total) total.textContent = String(data.total);
      })
      .catch(function () {});
  }

  function showPending() {
    var count = loadQueue().length;
    pendingEl.hidden = count === 0;
    pendingEl.textContent = count ? format(texts.waiting, {count: count}) : "";
  }

  // --- Undo -------------------------------------------------------------------------
  function hideUndo() {
    if (undoForm.contains(document.activeElement)) {
      // Never pull the button away from under someone's focus: hide it when they leave.
      undoButton.addEventListener("blur", hideUndo, {once: true});
      return;
    }
    undoForm.hidden = true;
    last = null;
  }
  function showUndo() {
    undoForm.hidden = false;
    window.clearTimeout(undoTimer);
    undoTimer = window.setTimeout(hideUndo, UNDO_MS);
  }

  function deleteOnServer(entry) {
    return fetch(api + "inquiries/" + entry.id, {
      method: "DELETE",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken()}
    }).then(function (r) {
      if (r.status === 204 || r.status === 404) {
        bump(entry.item.topic, -1);
        announce(format(texts.undone, {topic: entry.item.label}));
        return;
      }
      return r.json().then(function (problem) {
        announce(format(texts.undo_failed, {reason: problem.detail || r.status}));
      });
    }).catch(function () {
      announce(format(texts.undo_failed, {reason: texts.offline}));
    });
  }

  undoForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var entry = last;
    if (!entry) return;
    window.clearTimeout(undoTimer);
    undoForm.hidden = true;
    last = null;
    var focusBack = form.querySelector('button[value="' + entry.item.topic + '"]');
    if (focusBack) focusBack.focus();
    if (inFlight !== entry.item.client_id && dequeue(entry.item.client_id)) {
      // Never left this device: taking it out of the queue is the whole undo.
      bump(entry.item.topic, -1);
      announce(format(texts.undone, {topic: entry.item.label}));
      showPending();
    } else if (entry.id) {
      deleteOnServer(entry);
    } else {
      entry.undoWanted = true; // on its way: undone as soon as the server answers
    }
  });

  // --- Sending ----------------------------------------------------------------------
  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      flush();
    }, RETRY_MS);
  }

  function sent(item, id) {
    if (last && last.item.client_id === item.client_id) {
      last.id = id;
      if (last.undoWanted) {
        var entry = last;
        last = null;
        deleteOnServer(entry);
      }
    }
  }

  function flush() {
    if (sending) return;
    var queue = loadQueue();
    if (!queue.length) {
      showPending();
      return;
    }
    sending = true;
    var item = queue[0];
    inFlight = item.client_id;
    fetch(api + "inquiries", {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify({
        hub: item.hub,
        topic: item.topic,
        channel: item.channel,
        occurred_at: item.occurred_at,
        client_id: item.client_id
      })
    }).then(function (r) {
      if (r.status === 200 || r.status === 201) {
        return r.json().then(function (data) {
          dequeue(item.client_id);
          sent(item, data.id);
          return true;
        });
      }
      if (r.status === 409 || r.status === 422) {
        // The server will never take this tap: drop it and say so.
        return r.json().then(function (problem) {
          dequeue(item.client_id);
          bump(item.topic, -1);
          announce(format(texts.rejected, {topic: item.label, reason: problem.detail || ""}));
          return true;
        });
      }
      return false; // 401, 403, 429, 5xx: keep it and try again later
    }).catch(function () {
      return false;
    }).then(function (progressed) {
      sending = false;
      inFlight = null;
      showPending();
      if (progressed) {
        if (loadQueue().length) {
          flush();
        } else {
          refreshCounts();
        }
      } else {
        scheduleRetry();
      }
    });
  }

  // --- Taps -------------------------------------------------------------------------
  function channel() {
    var checked = document.querySelector('input[name="channel"]:checked');
    return checked ? checked.value : "walk_in";
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest('button[name="topic"]');
    if (button) lastSubmitter = button;
  });

  form.addEventListener("submit", function (event) {
    var button = event.submitter || lastSubmitter;
    if (!button || button.name !== "topic") return;
    event.preventDefault();
    var item = {
      client_id: uuid(),
      hub: hub,
      topic: button.value,
      label: button.dataset.label,
      channel: channel(),
      occurred_at: new Date().toISOString()
    };
    enqueue(item);
    last = {item: item, id: null, undoWanted: false};
    bump(item.topic, 1);
    announce(format(texts.logged, {topic: item.label}));
    showUndo();
    flush();
  });

  // The channel stays as chosen on this device (the plain form keeps it in the session).
  var saved = storage.getItem(CHANNEL_KEY);
  if (saved) {
    var radio = document.querySelector('input[name="channel"][value="' + saved + '"]');
    if (radio) radio.checked = true;
  }
  document.querySelectorAll('input[name="channel"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      storage.setItem(CHANNEL_KEY, radio.value);
    });
  });

  // A tap the server answered through the plain form: its undo button lasts 10 s too.
  if (!undoForm.hidden) {
    undoTimer = window.setTimeout(function () {
      if (!undoForm.contains(document.activeElement)) undoForm.hidden = true;
    }, UNDO_MS);
  }

  window.addEventListener("online", flush);
  showPending();
  flush(); // whatever an earlier visit left behind
})();
