// The Trellis host runtime: windows, frames and messages for external-action launches (SPEC.md §5, §6).
(function () {
  "use strict";
  const host = window.trellisHost = window.trellisHost || {};

  // The shell calls this once its circuit is live; until then clicks would be lost.
  host.markInteractive = function () {
    document.body.dataset.trellisInteractive = "true";
  };
})();
