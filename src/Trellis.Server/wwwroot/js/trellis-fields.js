// The details page's field controls (docs/ui.md#details) and the theme choice (docs/ui.md#theme): what Blazor's
// server-side events cannot do alone.
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
