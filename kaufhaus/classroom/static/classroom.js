// Kaufhaus Internet in the browser. Runs before textual.js builds the terminal:
// points it at this server's websocket (same host, same scheme, works behind a
// proxy) and wires the restart buttons (no inline handlers: the CSP forbids them).
document.addEventListener("DOMContentLoaded", function () {
  var terminal = document.getElementById("terminal");
  if (terminal) {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    var lang = terminal.dataset.lang === "en" ? "en" : "de";
    terminal.dataset.sessionWebsocketUrl = scheme + "//" + window.location.host + "/ws/" + lang;
  }
  document.querySelectorAll("button.restart").forEach(function (button) {
    button.addEventListener("click", function () { window.location.reload(); });
  });
});
