// The archivist's page (templates/archive/index.html) while an export is queued or running:
// reload it every data-refresh-seconds, keeping the reader's place. A <meta refresh> would not do
// here: after «Lag arkivuttrekk» the address ends in #uttrekk, and a refresh to the same address
// with a fragment only scrolls. Without this script, a <noscript> meta refresh reloads the page.
(function () {
  "use strict";
  const marked = document.querySelector("[data-refresh-seconds]");
  if (!marked) return;
  const seconds = parseInt(marked.getAttribute("data-refresh-seconds"), 10);
  if (seconds > 0) window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
