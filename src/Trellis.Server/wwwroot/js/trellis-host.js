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

  window.addEventListener("message", onMessage);
  document.addEventListener("keydown", onKey);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", registerEvents);
  } else {
    registerEvents();
  }
})();
