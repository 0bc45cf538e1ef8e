// Progressive enhancement for the server-rendered pages. Every page works without this file;
// with it, the page view and tracked clicks go to the analytics batch endpoint, delete forms
// ask for confirmation, the first invalid field takes the focus, and invite links get a copy
// button. Only plan-declared client events are sent (page_viewed, button_clicked).
(function () {
  "use strict";

  var ENDPOINT = "/api/v1/events";
  var queue = [];
  var timer = null;

  function uuid() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // A random id per browser, so sessions can be counted without knowing who anyone is.
  function anonymousId() {
    try {
      var id = window.localStorage.getItem("anonymous_id");
      if (!id) {
        id = uuid();
        window.localStorage.setItem("anonymous_id", id);
      }
      return id;
    } catch (error) {
      return null; // storage disabled: the events are still counted, just not linked
    }
  }

  function flush() {
    window.clearTimeout(timer);
    timer = null;
    if (!queue.length) {
      return;
    }
    var body = JSON.stringify({ events: queue.splice(0, queue.length) });
    // keepalive lets the request finish while the browser moves on to the next page.
    window.fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: body,
      keepalive: true,
      credentials: "same-origin"
    }).catch(function () { /* analytics must never break a page */ });
  }

  function track(name, properties) {
    var event = { event_id: uuid(), name: name, occurred_at: new Date().toISOString(), properties: properties };
    var id = anonymousId();
    if (id) {
      event.anonymous_id = id;
    }
    queue.push(event);
    if (!timer) {
      timer = window.setTimeout(flush, 1000);
    }
  }

  function trackPageView() {
    var properties = { path: window.location.pathname };
    try {
      // The Referrer-Policy sends no referrer, so the previous path of this tab is kept here.
      var previous = window.sessionStorage.getItem("last_path");
      if (previous && previous !== properties.path) {
        properties.referrer_path = previous;
      }
      window.sessionStorage.setItem("last_path", properties.path);
    } catch (error) { /* no storage: no referrer_path */ }
    track("page_viewed", properties);
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-track]") : null;
    if (target) {
      track("button_clicked", { button: target.getAttribute("data-track"), path: window.location.pathname });
      flush(); // the click may leave the page
    }
    var copy = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (copy && navigator.clipboard) {
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(function () {
        copy.textContent = "Copied";
      });
    }
  });

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  window.addEventListener("pagehide", flush);

  // Invite and reset links carry their code after "#", which a browser never sends to a
  // server, so no access log holds it. Copy it into the form, then drop it from the address
  // bar and the history. Without this script the person pastes the code from the e-mail.
  function fillFromLink() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var filled = false;
    [["code", "invite_code"], ["email", "email"], ["token", "token"]].forEach(function (pair) {
      var value = params.get(pair[0]);
      var input = document.querySelector("form input[name='" + pair[1] + "']");
      if (value && input && !input.value) {
        input.value = value;
        filled = true;
      }
    });
    if (filled) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    fillFromLink();
    trackPageView();
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) {
      invalid.focus();
    }
    if (navigator.clipboard) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
        button.hidden = false;
      });
    }
  });
})();
