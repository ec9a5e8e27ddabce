// Kaufhaus Internet in the browser. Runs before textual.js builds the terminal:
// points it at this server's websocket (same host, same scheme, works behind a
// proxy) and wires the restart buttons (no inline handlers: the CSP forbids them).
(function () {
  // textual.js opens each file a game delivers (the dossier on "e") with
  // window.open: a new tab per file, and browsers block all but the first as
  // a pop-up. A link with "download" saves it in place, in this page.
  var open = window.open;
  window.open = function (url, target, features) {
    var address;
    try { address = new URL(url, window.location.href); } catch (e) { return null; }
    if (address.origin === window.location.origin && address.pathname.indexOf("/download/") === 0) {
      var link = document.createElement("a");
      link.href = address.pathname;
      link.download = "";
      link.rel = "noopener";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return null;
    }
    return open.call(window, url, target, features);
  };
})();

// xterm sizes its canvas from the ResizeObserver's device-pixel box and draws at
// devicePixelRatio. Chromium with an emulated scale (headless, the DevTools
// device toolbar) reports that box in CSS pixels, so at ratio 2 only the
// top-left quarter of the game is drawn, at 3 a ninth. Where the reported box
// is off from CSS size × ratio by more than a pixel, give xterm CSS size × ratio
// (what a real device reports; its own answers, within a pixel, pass through).
(function () {
  var Native = window.ResizeObserver;
  if (!Native) { return; }
  function corrected(entry) {
    var device = entry.devicePixelContentBoxSize && entry.devicePixelContentBoxSize[0];
    var css = entry.contentBoxSize && entry.contentBoxSize[0];
    var ratio = window.devicePixelRatio || 1;
    if (!device || !css) { return entry; }
    var inline = Math.round(css.inlineSize * ratio);
    var block = Math.round(css.blockSize * ratio);
    if (Math.abs(device.inlineSize - inline) <= 1 && Math.abs(device.blockSize - block) <= 1) {
      return entry;
    }
    return {
      target: entry.target,
      contentRect: entry.contentRect,
      borderBoxSize: entry.borderBoxSize,
      contentBoxSize: entry.contentBoxSize,
      devicePixelContentBoxSize: [{ inlineSize: inline, blockSize: block }]
    };
  }
  function Observer(callback) {
    return new Native(function (entries, observer) {
      callback(Array.prototype.map.call(entries, corrected), observer);
    });
  }
  Observer.prototype = Native.prototype;
  window.ResizeObserver = Observer;
})();

// A game ends in one of two ways. The game itself ends (the pupil quit, it
// waited too long, the class is full): the server closes the websocket with a
// code of its own, and the page says so ("-closed"). Or the teacher's server
// goes away (a restart: "going away", 1001; a crash or a network gap: 1006):
// then the page waits for the server to answer again and comes back by itself
// with ?weiter=1, and the game goes on from its autosave (no banner, no menu).
(function () {
  var Native = window.WebSocket;
  if (!Native) { return; }
  var GONE = { 1001: true, 1006: true };
  var leaving = false;
  window.addEventListener("pagehide", function () { leaving = true; });

  function comeBack() {
    var lang = document.documentElement.lang === "en" ? "en" : "de";
    fetch("/?lang=" + lang, { cache: "no-store", credentials: "same-origin" }).then(
      function (answer) {
        if (answer.ok) {
          window.location.replace("/?weiter=1&lang=" + lang);
        } else {
          window.setTimeout(comeBack, 1000);
        }
      },
      function () { window.setTimeout(comeBack, 1000); }
    );
  }

  function Socket(url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    var ours = false;
    try { ours = new URL(url).pathname.indexOf("/ws/") === 0; } catch (e) { ours = false; }
    if (ours) {
      socket.addEventListener("close", function (event) {
        if (!leaving && GONE[event.code]) {
          document.body.classList.add("-reconnecting");
          window.setTimeout(comeBack, 1000);
        }
      });
    }
    return socket;
  }
  Socket.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) { Socket[name] = Native[name]; });
  window.WebSocket = Socket;
})();

// What any web shop reads from a browser on arrival. The game logs it as the
// device it fingerprints (the pupil's, not the teacher's laptop); it goes to
// this server only, inside the websocket address, and nowhere else.
function deviceReport() {
  var languages = navigator.languages && navigator.languages.length
    ? Array.prototype.slice.call(navigator.languages, 0, 8)
    : [navigator.language || ""];
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  var platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || "";
  var report = {
    screen: screen.width + "x" + screen.height,
    window: window.innerWidth + "x" + window.innerHeight,
    pixel_ratio: window.devicePixelRatio || 1,
    languages: languages,
    timezone: zone,
    touch: navigator.maxTouchPoints || 0,
    platform: platform,
    hour: new Date().getHours()
  };
  var bytes = new TextEncoder().encode(JSON.stringify(report));
  var binary = "";
  bytes.forEach(function (b) { binary += String.fromCharCode(b); });
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

document.addEventListener("DOMContentLoaded", function () {
  var terminal = document.getElementById("terminal");
  if (terminal) {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    var lang = terminal.dataset.lang === "en" ? "en" : "de";
    terminal.dataset.sessionWebsocketUrl =
      scheme + "//" + window.location.host + "/ws/" + lang + "/" + deviceReport() +
      (terminal.dataset.resume === "1" ? "/weiter" : "");
    if (terminal.dataset.resume === "1" && window.history.replaceState) {
      window.history.replaceState(null, "", "/?lang=" + lang);  // a later reload: the title
    }
  }
  document.querySelectorAll("button.restart").forEach(function (button) {
    button.addEventListener("click", function () { window.location.reload(); });
  });
});

// A finger has no wheel. xterm scrolls its own buffer on a swipe, but the game
// has none and reads the mouse instead, and then xterm drops the swipe: on a
// phone the reveal and every long scene could not be scrolled. So a finger
// moving over the terminal turns into the wheel it stands for (moving up
// scrolls down, as anywhere on a phone); xterm sends the game one wheel turn
// per row the finger travels, at the finger's cell. A tap is left alone.
document.addEventListener("DOMContentLoaded", function () {
  var terminal = document.getElementById("terminal");
  if (!terminal || !window.WheelEvent) { return; }
  var last = null;
  terminal.addEventListener("touchstart", function (event) {
    last = event.touches.length === 1 ? event.touches[0].clientY : null;
  }, { passive: true });
  terminal.addEventListener("touchmove", function (event) {
    if (last === null || event.touches.length !== 1) { return; }
    var touch = event.touches[0];
    var target = document.elementFromPoint(touch.clientX, touch.clientY);
    if (!target || !terminal.contains(target)) { return; }
    event.preventDefault();  // the page itself does not move under the game
    target.dispatchEvent(new WheelEvent("wheel", {
      deltaY: last - touch.clientY,
      deltaMode: 0,  // pixels: xterm adds them up to whole rows
      clientX: touch.clientX,
      clientY: touch.clientY,
      bubbles: true,
      cancelable: true
    }));
    last = touch.clientY;
  }, { passive: false });
  terminal.addEventListener("touchend", function () { last = null; }, { passive: true });
});
