// The Trellis host runtime: windows, frames and messages for external-action launches (docs/reference/launches.md, docs/reference/messages.md).
// Only JavaScript can see event.source, so this file finds which launch a message came from and hands the rest to
// the server, where the engine's message judge decides. One channel per launch: a dialog or panel iframe (marked
// data-trellis-channel) or the window handle of an events:true tab.
(function () {
  "use strict";
  const host = window.trellisHost = window.trellisHost || {};
  const tabs = new Map();
  const maxMessageChars = 256 * 1024;
  let view = null;

  // The shell calls this once its circuit is live; until then clicks would be lost.
  host.markInteractive = function () {
    document.body.dataset.trellisInteractive = "true";
  };

  // Reload in the reconnect box is the person's choice after reading what it keeps and what it discards: the page's own
  // "leave without saving?" prompt (Blazor's NavigationLock, a later beforeunload listener) would only ask again.
  let reloadChosen = false;
  window.addEventListener("beforeunload", event => {
    if (reloadChosen) {
      event.stopImmediatePropagation();
    }
  });

  function frames() {
    return Array.from(document.querySelectorAll("iframe[data-trellis-channel]"));
  }

  // The launch whose live window is exactly this source, or null.
  function channelOf(source) {
    if (!source) {
      return null;
    }
    for (const frame of frames()) {
      if (frame.contentWindow === source) {
        return frame.dataset.trellisChannel;
      }
    }
    for (const [id, handle] of tabs) {
      if (handle.closed) {
        tabs.delete(id);
      } else if (handle === source) {
        return id;
      }
    }
    return null;
  }

  function windowOf(channel) {
    const frame = frames().find(f => f.dataset.trellisChannel === channel);
    if (frame) {
      return frame.contentWindow;
    }
    const handle = tabs.get(channel);
    return handle && !handle.closed ? handle : null;
  }

  function serialize(data) {
    try {
      const text = JSON.stringify(data);
      return typeof text === "string" && text.length <= maxMessageChars ? text : null;
    } catch {
      return null;
    }
  }

  function onMessage(event) {
    if (!view) {
      return;
    }
    const channel = channelOf(event.source);
    // Messages from elsewhere that do not even look like app events are other scripts' business, not the host's.
    const looksLikeEvent = event.data !== null && typeof event.data === "object" && typeof event.data.event_name === "string";
    if (channel === null && !looksLikeEvent) {
      return;
    }
    view.invokeMethodAsync("OnMessage", channel, channel !== null, String(event.origin), serialize(event.data))
      .catch(error => console.error("trellis: a message could not be handled", error));
  }

  function onKey(event) {
    if (event.key === "Escape" && view && document.querySelector("[data-trellis-dialog]")) {
      view.invokeMethodAsync("OnEscape");
    }
  }

  // The page's launch host registers here; one view at a time (the current page).
  host.attach = function (reference) {
    view = reference;
  };

  host.detach = function (reference) {
    if (view === reference) {
      view = null;
    }
  };

  // A new tab: with events the handle is kept as the launch's channel, else the app gets no opener.
  host.openTab = function (channel, url, keepHandle) {
    if (keepHandle) {
      const handle = window.open(url, "_blank");
      if (handle && channel) {
        tabs.set(channel, handle);
      }
      return !!handle;
    }
    window.open(url, "_blank", "noopener,noreferrer");
    return true;
  };

  // A protocol handler (mailto:, td:, …): a temporary anchor without a target.
  host.openProtocol = function (url) {
    const anchor = document.createElement("a");
    anchor.href = url;
    anchor.rel = "noopener noreferrer";
    anchor.style.display = "none";
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
  };

  // A side panel's new fragment: a fragment navigation of the same frame, so the app stays loaded.
  host.navigateFrame = function (channel, url) {
    const frame = frames().find(f => f.dataset.trellisChannel === channel);
    if (!frame) {
      return false;
    }
    try {
      frame.contentWindow.location.replace(url);
    } catch {
      frame.src = url;
    }
    return true;
  };

  // Replies go to the sender's exact origin, never "*" and never to an opaque ("null") origin.
  host.reply = function (channel, origin, message) {
    const target = windowOf(channel);
    if (!target || !origin || origin === "null" || origin === "*") {
      return false;
    }
    target.postMessage(message, origin);
    return true;
  };

  host.closeChannel = function (channel) {
    tabs.delete(channel);
  };

  host.focus = function (element) {
    if (element && typeof element.focus === "function") {
      element.focus();
    }
  };

  host.warn = function (text) {
    console.warn(text);
  };

  // Dialogs and side panels take the focus when they open and give it back to what opened them when they close; a modal
  // dialog keeps Tab inside itself (docs/ui.md, "Keyboard and screen readers").
  const focusable = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), iframe, [tabindex]:not([tabindex='-1'])";
  const layerSelector = ".trellis-dialog, .trellis-side-panel";
  const modalSelector = ".trellis-dialog[aria-modal='true']";
  const openers = new Map();
  let lastFocused = null;

  function topDialog() {
    const dialogs = document.querySelectorAll(modalSelector);
    return dialogs.length > 0 ? dialogs[dialogs.length - 1] : null;
  }

  function focusablesOf(container) {
    return Array.from(container.querySelectorAll(focusable)).filter(e => e.getClientRects().length > 0);
  }

  // Blazor inserts and removes a dialog with its backdrop, and a panel on its own; other nodes (a grid's rows) are not searched.
  function layersIn(node) {
    if (!(node instanceof Element)) {
      return [];
    }
    if (node.matches(".trellis-dialog-backdrop")) {
      return Array.from(node.querySelectorAll(layerSelector));
    }
    return node.matches(layerSelector) ? [node] : [];
  }

  function onLayersChanged(mutations) {
    for (const mutation of mutations) {
      for (const node of mutation.removedNodes) {
        for (const layer of layersIn(node)) {
          const opener = openers.get(layer);
          openers.delete(layer);
          const focusLost = !document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected;
          if (opener && opener.isConnected && focusLost) {
            opener.focus();
          }
        }
      }
      for (const node of mutation.addedNodes) {
        for (const layer of layersIn(node)) {
          // Blazor adds a dialog with its backdrop, then the dialog into it: one layer, seen twice, opened once.
          if (openers.has(layer)) {
            continue;
          }
          placePanel(layer);
          const opener = lastFocused && lastFocused.isConnected && !lastFocused.closest(layerSelector) ? lastFocused : null;
          openers.set(layer, opener);
          const first = focusablesOf(layer)[0];
          if (first) {
            first.focus();
          }
        }
      }
    }
  }

  // On a phone a side panel covers the lower part of the screen: the page first scrolls its Aviator chips up under the
  // app bar if they sit low, and the panel starts just below them, so both stay in view.
  const narrow = window.matchMedia("(max-width: 760px)");
  function placePanel(panel) {
    if (!narrow.matches || !panel.classList.contains("trellis-side-panel")) {
      return;
    }
    const launchHost = panel.closest(".trellis-launch-host");
    const chips = launchHost && launchHost.querySelector(".trellis-aviator-chips");
    if (!chips) {
      return;
    }
    const bar = document.querySelector(".mud-appbar");
    const barBottom = bar ? bar.getBoundingClientRect().bottom : 0;
    let chipsBox = chips.getBoundingClientRect();
    if (chipsBox.bottom > window.innerHeight * 0.45) {
      window.scrollBy(0, chipsBox.top - barBottom - 8);
      chipsBox = chips.getBoundingClientRect();
    }
    panel.style.top = Math.round(Math.max(chipsBox.bottom + 8, barBottom)) + "px";
    panel.style.height = "auto";
  }

  function onFocusIn(event) {
    const dialog = topDialog();
    if (dialog && event.target instanceof Node && !dialog.contains(event.target)) {
      // Focus left the modal dialog (Tab out of an app's frame, a script behind the backdrop): it goes back in.
      const inside = focusablesOf(dialog);
      if (inside.length > 0) {
        inside[0].focus();
      }
      return;
    }
    lastFocused = event.target;
  }

  function onTab(event) {
    const dialog = topDialog();
    if (event.key !== "Tab" || !dialog) {
      return;
    }
    const inside = focusablesOf(dialog);
    if (inside.length === 0) {
      event.preventDefault();
      return;
    }
    const first = inside[0];
    const last = inside[inside.length - 1];
    const active = document.activeElement;
    if (!dialog.contains(active)) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  // Attachments: files dropped on the zone or chosen with its input go to the REST attachments endpoint (the same code
  // path as the API), one request per file, with its progress reported to the page in steps of 5 %.
  host.attachDropZone = function (zone, input, page, uploadUrl) {
    let next = 0;
    function upload(file) {
      const key = ++next;
      let reported = 0;
      page.invokeMethodAsync("OnUploadStarted", key, file.name);
      const request = new XMLHttpRequest();
      request.open("POST", uploadUrl + "&name=" + encodeURIComponent(file.name));
      request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      request.upload.addEventListener("progress", event => {
        const percent = event.lengthComputable && event.total > 0 ? Math.floor(event.loaded * 100 / event.total) : 0;
        if (percent - reported >= 5) {
          reported = percent;
          page.invokeMethodAsync("OnUploadProgress", key, percent);
        }
      });
      request.addEventListener("load", () => page.invokeMethodAsync("OnUploadFinished", key, request.status, describe(request.responseText)));
      request.addEventListener("error", () => page.invokeMethodAsync("OnUploadFinished", key, 0, "The server could not be reached."));
      request.send(file);
    }
    function uploadAll(files) {
      Array.from(files || []).forEach(upload);
    }
    zone.addEventListener("dragover", event => {
      event.preventDefault();
      zone.classList.add("trellis-dropzone-over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("trellis-dropzone-over"));
    zone.addEventListener("drop", event => {
      event.preventDefault();
      zone.classList.remove("trellis-dropzone-over");
      uploadAll(event.dataTransfer && event.dataTransfer.files);
    });
    input.addEventListener("change", () => {
      uploadAll(input.files);
      input.value = "";
    });
  };

  // Deletes an attachment through the REST API; the error's description, or "" when it is gone.
  host.deleteAttachment = async function (url) {
    try {
      const response = await fetch(url, { method: "DELETE", credentials: "same-origin" });
      return response.ok ? "" : describe(await response.text()) || `The server answered ${response.status}.`;
    } catch {
      return "The server could not be reached.";
    }
  };

  // An Octane error body's description, or the text itself when it is not one.
  function describe(text) {
    try {
      const body = JSON.parse(text);
      return body && (body.description || body.title) ? String(body.description || body.title) : "";
    } catch {
      return text ? String(text).slice(0, 300) : "";
    }
  }

  // The reconnect box (components-reconnect-modal): Blazor says what state the connection is in; the box says it in
  // plain words (its classes) and Retry asks Blazor to reconnect now. A server that no longer knows this page (it
  // restarted) is not reloaded on its own, which would lose unsaved edits: the person chooses Reload.
  function setUpReconnect() {
    const modal = document.getElementById("components-reconnect-modal");
    if (!modal || modal.dataset.trellisReady) {
      return;
    }
    modal.dataset.trellisReady = "true";
    modal.addEventListener("components-reconnect-state-changed", event => {
      const state = event.detail && event.detail.state;
      modal.dataset.state = state || "";
      if (state === "show" && !modal.open) {
        modal.showModal();
      } else if (state === "hide" && modal.open) {
        modal.close();
      } else if (state === "failed") {
        document.addEventListener("visibilitychange", retryWhenVisible);
      }
    });
    const retryButton = document.getElementById("components-reconnect-button");
    if (retryButton) {
      retryButton.addEventListener("click", retry);
    }
    const reloadButton = document.getElementById("components-reload-button");
    if (reloadButton) {
      reloadButton.addEventListener("click", () => {
        reloadChosen = true;
        location.reload();
      });
    }
    // The page behind stays readable (not usable) so unsaved text can be copied before a reload.
    const closeButton = document.getElementById("components-reconnect-close");
    if (closeButton) {
      closeButton.addEventListener("click", () => modal.close());
    }
  }

  async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    const modal = document.getElementById("components-reconnect-modal");
    try {
      // true: reconnected; false: the server answered but no longer knows this page; a throw: still unreachable.
      if (!await window.Blazor.reconnect() && modal) {
        modal.dataset.state = "rejected";
        modal.classList.add("components-reconnect-rejected");
      }
    } catch {
      document.addEventListener("visibilitychange", retryWhenVisible);
    }
  }

  async function retryWhenVisible() {
    if (document.visibilityState === "visible") {
      await retry();
    }
  }

  // A grid body's one handler for all its row checkboxes (@onrowtoggle): which row, and whether it is now checked.
  // Registered once Blazor's script has run and before its circuit renders anything.
  function registerEvents() {
    if (!window.Blazor || host.eventsRegistered) {
      return;
    }
    host.eventsRegistered = true;
    window.Blazor.registerCustomEventType("rowtoggle", {
      browserEventName: "change",
      createEventArgs: event => {
        const target = event.target;
        const id = target && target.dataset ? target.dataset.rowId : undefined;
        return { id: typeof id === "string" ? id : "", checked: !!(target && target.checked) };
      },
    });
  }

  function start() {
    registerEvents();
    setUpReconnect();
    new MutationObserver(onLayersChanged).observe(document.body, { childList: true, subtree: true });
  }

  window.addEventListener("message", onMessage);
  document.addEventListener("keydown", onKey);
  document.addEventListener("keydown", onTab);
  document.addEventListener("focusin", onFocusIn);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
