// The details page's field controls (docs/ui.md#details), the grid's cells edited in place (docs/ui.md#grids) and the
// theme choice (docs/ui.md#theme): what Blazor's server-side events cannot do alone.
(function () {
  "use strict";
  const fields = (window.trellisFields = window.trellisFields || {});

  // An open combobox owns Enter and the arrows: Enter chooses (and must not submit the form), the arrows move in the list.
  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (target instanceof HTMLInputElement && target.getAttribute("role") === "combobox"
        && target.getAttribute("aria-expanded") === "true" && ["Enter", "ArrowDown", "ArrowUp", "Escape"].includes(event.key)) {
      event.preventDefault();
    }
  }, true);

  // A link chosen in a popover menu (the user menu) navigates inside the page: the menu closes as it would on a page load.
  document.addEventListener("click", function (event) {
    const link = event.target instanceof Element ? event.target.closest("[popover] a[href]") : null;
    if (link) {
      link.closest("[popover]").hidePopover();
    }
  });

  // A rich-text box reports its HTML to the circuit on every edit; the server cleans it before it is stored.
  fields.attachRichText = function (element, dotnet) {
    document.execCommand("defaultParagraphSeparator", false, "p");
    element.addEventListener("input", function () {
      dotnet.invokeMethodAsync("Changed", element.innerHTML);
    });
  };

  // A toolbar command on the box's selection (bold, italic, lists, a link); the box fires its own input event.
  fields.format = function (element, command, value) {
    if (document.activeElement !== element && !element.contains(document.activeElement)) {
      element.focus();
    }
    if (command === "createLink") {
      const url = window.prompt("Link address (https://…)", "https://");
      if (!url || !/^(https?:|mailto:)/i.test(url)) {
        return;
      }
      value = url;
    }
    document.execCommand(command, false, value ?? null);
  };

  // A grid cell edited in place (docs/ui.md#grids): its ✎ swaps the cell for a text box; Enter or leaving it changed
  // commits through the table's @oncellcommit, Escape puts the cell back. The server's reload rebuilds the row.
  document.addEventListener("click", function (event) {
    const button = event.target instanceof Element ? event.target.closest("button[data-edit-id]") : null;
    if (!button) {
      return;
    }
    const cell = button.closest("td");
    const link = cell.querySelector("a");
    const original = Array.from(cell.childNodes);
    const before = link ? link.textContent : "";
    const input = document.createElement("input");
    input.className = "trellis-cell-input";
    input.value = before;
    input.setAttribute("aria-label", "Name of " + button.dataset.editId);
    let done = false;
    const finish = function (commit) {
      if (done) {
        return;
      }
      done = true;
      if (commit && input.value.trim() !== "" && input.value !== before) {
        input.readOnly = true;
        input.dispatchEvent(new CustomEvent("trelliscellcommit", {
          bubbles: true,
          detail: { id: button.dataset.editId, field: button.dataset.editField, value: input.value },
        }));
      } else {
        cell.replaceChildren(...original);
        button.focus();
      }
    };
    input.addEventListener("keydown", function (key) {
      if (key.key === "Enter") {
        key.preventDefault();
        finish(true);
      } else if (key.key === "Escape") {
        key.preventDefault();
        finish(false);
      }
    });
    input.addEventListener("blur", function () { finish(true); });
    cell.replaceChildren(input);
    input.focus();
    input.select();
  });

  // The other simple fields (docs/ui.md#grids): the cell itself is the control. The editable cells share one tab stop
  // (a roving tabindex) that the arrows, Home and End move; Enter, F2 or a click asks the circuit for the cell's editor
  // (GridCellEditor), which the page renders over the cell. A cell's field is its column header's, and the row's id is
  // on the row's checkbox: nothing per cell but its class and its name (the markup is repeated 1,000 times a page).
  const rowIdOf = function (element) {
    const check = element.closest("tr")?.querySelector("input[data-row-id]");
    return check ? check.dataset.rowId : "";
  };
  const fieldOf = function (cell) {
    const header = cell.closest("table")?.tHead?.rows[0]?.cells[cell.cellIndex];
    return header ? header.dataset.field || "" : "";
  };
  const editableCell = function (target) {
    return target instanceof Element ? target.closest("table.trellis-grid td.trellis-cell-editable") : null;
  };
  const askForEditor = function (cell) {
    cell.dispatchEvent(new CustomEvent("trelliscelledit", {
      bubbles: true,
      detail: { id: rowIdOf(cell), field: fieldOf(cell) },
    }));
  };
  // Makes this cell the grid's one tab stop among its editable cells.
  const rove = function (cell) {
    cell.closest("table").querySelectorAll("td.trellis-cell-editable[tabindex='0']").forEach(function (other) {
      if (other !== cell) {
        other.tabIndex = -1;
      }
    });
    cell.tabIndex = 0;
  };
  // The editable cell the key leads to from this one: the next one in the row (Left, Right, Home, End), or the nearest
  // editable cell of the same column in the rows above or below (Up, Down); null at an edge.
  const cellTowards = function (cell, key) {
    if (key === "ArrowUp" || key === "ArrowDown") {
      const rows = Array.from(cell.closest("table").querySelectorAll("tbody > tr"));
      const step = key === "ArrowUp" ? -1 : 1;
      for (let index = rows.indexOf(cell.parentElement) + step; index >= 0 && index < rows.length; index += step) {
        const candidate = rows[index].cells[cell.cellIndex];
        if (candidate && candidate.classList.contains("trellis-cell-editable")) {
          return candidate;
        }
      }
      return null;
    }
    const cells = Array.from(cell.parentElement.querySelectorAll(":scope > td.trellis-cell-editable"));
    const at = cells.indexOf(cell);
    const next = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: cells.length - 1 }[key];
    return next === undefined ? null : cells[next] || null;
  };
  document.addEventListener("click", function (event) {
    const cell = editableCell(event.target);
    if (cell) {
      rove(cell);
      cell.focus();
      askForEditor(cell);
    }
  });
  document.addEventListener("focusin", function (event) {
    const cell = editableCell(event.target);
    if (cell && event.target === cell) {
      rove(cell);
    }
  });
  document.addEventListener("keydown", function (event) {
    const cell = editableCell(event.target);
    if (cell && event.target === cell && !event.altKey && !event.ctrlKey && !event.metaKey) {
      if (event.key === "Enter" || event.key === "F2") {
        event.preventDefault();
        askForEditor(cell);
      } else if (["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(event.key)) {
        event.preventDefault();
        const next = cellTowards(cell, event.key);
        if (next) {
          rove(next);
          next.focus();
        }
      }
      return;
    }
    // F2 on a name's Rename button renames, as its click does.
    if (event.key === "F2" && event.target instanceof HTMLButtonElement && event.target.dataset.editId) {
      event.preventDefault();
      event.target.click();
    }
  });

  const cellOf = function (id, field) {
    const check = Array.from(document.querySelectorAll("table.trellis-grid input[data-row-id]")).find(c => c.dataset.rowId === id);
    const row = check ? check.closest("tr") : null;
    return row ? Array.from(row.querySelectorAll(":scope > td.trellis-cell-editable")).find(c => fieldOf(c) === field) || null : null;
  };

  // Puts the editor over its cell (at least as wide), moves the keyboard into it, and tells the circuit when the focus
  // leaves it for something outside (a click elsewhere, Tab).
  fields.openCellEditor = function (box, id, field, dotnet) {
    const target = cellOf(id, field);
    const area = box.offsetParent;
    if (target && area) {
      const cell = target.getBoundingClientRect();
      const frame = area.getBoundingClientRect();
      box.style.top = (cell.top - frame.top) + "px";
      box.style.minWidth = cell.width + "px";
      const room = frame.width - box.offsetWidth;
      box.style.left = Math.max(0, Math.min(cell.left - frame.left, room)) + "px";
    }
    const input = box.querySelector("input, button");
    if (input) {
      input.focus();
      if (input instanceof HTMLInputElement && input.type !== "checkbox" && typeof input.select === "function") {
        try { input.select(); } catch { /* date inputs select nothing */ }
      }
    }
    box.addEventListener("focusout", function () {
      // The next element has the focus only after the event: look once it has landed.
      setTimeout(function () {
        if (box.isConnected && !box.contains(document.activeElement)) {
          dotnet.invokeMethodAsync("FocusLeft").catch(function () { /* the editor has closed meanwhile */ });
        }
      }, 0);
    });
  };

  // Back to the cell once its editor has closed (the rows may have been rebuilt since, with the tab stop on the first).
  fields.focusCell = function (id, field) {
    const cell = cellOf(id, field);
    if (cell) {
      rove(cell);
      cell.focus();
    }
  };

  // Registered once Blazor's script has run and before its circuit renders anything, as trellis-host.js does.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.Blazor) {
      const cellEventArgs = function (event) {
        const detail = event.detail || {};
        return { id: String(detail.id || ""), field: String(detail.field || ""), value: String(detail.value || "") };
      };
      window.Blazor.registerCustomEventType("cellcommit", { browserEventName: "trelliscellcommit", createEventArgs: cellEventArgs });
      window.Blazor.registerCustomEventType("celledit", { browserEventName: "trelliscelledit", createEventArgs: cellEventArgs });
    }
  });

  // Unsaved edits kept in this tab (sessionStorage: it outlives a reload after a lost connection or a server restart,
  // never the tab, and no other tab sees it), offered back by the page they belong to (docs/ui.md#details).
  const drafts = "trellis-draft:";
  fields.keepDraft = function (key, json) {
    try {
      sessionStorage.setItem(drafts + key, json);
    } catch {
      // Storage full or switched off: the page still works, only without the safety net.
    }
  };
  fields.loadDraft = function (key) {
    try {
      return sessionStorage.getItem(drafts + key);
    } catch {
      return null;
    }
  };
  fields.dropDraft = function (key) {
    try {
      sessionStorage.removeItem(drafts + key);
    } catch {
      // Nothing was kept.
    }
  };
  // The first draft kept under a key that starts with the prefix, as [key, text]: a comment's edit, whichever comment it was.
  fields.findDraft = function (prefix) {
    try {
      const key = Object.keys(sessionStorage).find(k => k.startsWith(drafts + prefix));
      return key ? [key.substring(drafts.length), sessionStorage.getItem(key)] : null;
    } catch {
      return null;
    }
  };
  // Focus to an element the circuit cannot hold a reference to (a button in a list that has just been rebuilt).
  fields.focusById = function (id) {
    const element = document.getElementById(id);
    if (element) {
      element.focus();
    }
  };
  // A box marked data-trellis-draft (the details page's comment) is kept as it is typed, in the browser itself, so
  // what is typed while the connection is down is kept too; an emptied box keeps nothing.
  document.addEventListener("input", function (event) {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.dataset.trellisDraft) {
      return;
    }
    if (box.value.trim() === "") {
      fields.dropDraft(box.dataset.trellisDraft);
    } else {
      fields.keepDraft(box.dataset.trellisDraft, box.value);
    }
  });
  // The sign-in page (after a sign-out, or for someone else) drops every draft this tab kept.
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector("form[data-trellis-sign-in='true']")) {
      return;
    }
    try {
      Object.keys(sessionStorage).filter(key => key.startsWith(drafts)).forEach(key => sessionStorage.removeItem(key));
    } catch {
      // No storage, no drafts.
    }
  });

  // The theme: the person's choice kept in this browser, else the system's (prefers-color-scheme).
  const key = "trellis-theme";
  fields.storedTheme = function () {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  };
  fields.systemDark = function () {
    return window.matchMedia("(prefers-color-scheme: dark)").matches;
  };
  fields.setTheme = function (dark, remember) {
    document.documentElement.classList.toggle("trellis-dark", dark);
    document.documentElement.style.colorScheme = dark ? "dark" : "light";
    if (remember) {
      try {
        localStorage.setItem(key, dark ? "dark" : "light");
      } catch {
        // A browser that keeps nothing still switches for this page.
      }
    }
  };
  // Follow the system while the person has not chosen.
  fields.watchSystem = function (dotnet) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function (event) {
      if (fields.storedTheme() === null) {
        dotnet.invokeMethodAsync("SystemThemeChanged", event.matches);
      }
    });
  };
  // Before the first paint, so a dark page never flashes light.
  const initial = fields.storedTheme();
  fields.setTheme(initial === null ? fields.systemDark() : initial === "dark", false);
})();
