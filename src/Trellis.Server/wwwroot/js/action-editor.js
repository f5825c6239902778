// The External Action Editor's browser side: loads Monaco on first use, gives it the action JSON Schema, and shows
// the server's diagnostics as markers. Loaded as a module by the editor page only, so other pages never pay for Monaco.
const vs = "_content/BlazorMonaco/lib/monaco-editor/min/vs";
const owner = "trellis";
const diffs = new Map();
let loading = null;
let themeWatch = null;

function script(src) {
  return new Promise((resolve, reject) => {
    const element = document.createElement("script");
    element.src = src;
    element.onload = resolve;
    element.onerror = () => reject(new Error("Could not load " + src));
    document.head.appendChild(element);
  });
}

// BlazorMonaco's interop first (it sets the AMD loader's paths), then the loader, then the editor through the loader.
export function ensureMonaco() {
  if (window.monaco && window.blazorMonaco) {
    return Promise.resolve(true);
  }

  loading = loading || (async () => {
    if (!window.blazorMonaco) {
      await script("_content/BlazorMonaco/jsInterop.js");
    }

    await script(vs + "/loader.js");
    await new Promise((resolve, reject) => window.require(["vs/editor/editor.main"], resolve, reject));
    return true;
  })();
  return loading;
}

// Completion, hover and schema checks come from the engine's own schema; every JSON model in the page uses it.
export function useSchema(schemaText) {
  const schema = JSON.parse(schemaText);
  monaco.languages.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [{ uri: "https://trellis.invalid/schemas/external-actions.json", fileMatch: ["*"], schema }],
  });
}

// Monaco's theme is global: vs-dark while the page is dark (docs/ui.md#theme), switched whenever the page's class changes.
export function followTheme() {
  const apply = () => monaco.editor.setTheme(document.documentElement.classList.contains("trellis-dark") ? "vs-dark" : "vs");
  apply();
  if (!themeWatch) {
    themeWatch = new MutationObserver(apply);
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  }
}

function model(editorId) {
  const editor = window.blazorMonaco.editor.getEditor(editorId, true);
  return editor ? editor.getModel() : null;
}

// Each diagnostic underlines its token: the word at its column, else the rest of the line.
export function setMarkers(editorId, diagnostics) {
  const target = model(editorId);
  if (!target) {
    return;
  }

  const lines = target.getLineCount();
  const markers = diagnostics.map(d => {
    const line = Math.min(Math.max(d.line, 1), lines);
    const last = target.getLineMaxColumn(line);
    const column = Math.min(Math.max(d.column, 1), last);
    const word = target.getWordAtPosition({ lineNumber: line, column });
    const end = word && word.endColumn > column ? word.endColumn : Math.max(last, column + 1);
    return {
      severity: d.error ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      message: d.message + (d.pointer ? " (" + d.pointer + ")" : ""),
      code: d.code,
      source: "Trellis",
      startLineNumber: line,
      startColumn: column,
      endLineNumber: line,
      endColumn: end,
    };
  });
  monaco.editor.setModelMarkers(target, owner, markers);
}

export function reveal(editorId, line, column) {
  const editor = window.blazorMonaco.editor.getEditor(editorId, true);
  if (!editor) {
    return;
  }

  const position = { lineNumber: line, column: Math.max(column, 1) };
  editor.setPosition(position);
  editor.revealPositionInCenter(position);
  editor.focus();
}

// A read-only side-by-side diff: the chosen version on the left, the editor's text on the right.
export function showDiff(containerId, original, modified) {
  closeDiff(containerId);
  const container = document.getElementById(containerId);
  if (!container) {
    return;
  }

  const editor = monaco.editor.createDiffEditor(container, { readOnly: true, automaticLayout: true, renderSideBySide: true, originalEditable: false });
  const models = { original: monaco.editor.createModel(original, "json"), modified: monaco.editor.createModel(modified, "json") };
  editor.setModel(models);
  diffs.set(containerId, { editor, models });
}

export function closeDiff(containerId) {
  const open = diffs.get(containerId);
  if (open) {
    open.editor.dispose();
    open.models.original.dispose();
    open.models.modified.dispose();
    diffs.delete(containerId);
  }
}

// The visible "Upload bundle" button opens the hidden file input's picker.
export function chooseFile(inputId) {
  const input = document.getElementById(inputId);
  if (input) {
    input.click();
  }
}

// Replaces the whole text as one undoable edit, so Ctrl+Z brings the previous text back.
export function replaceAll(editorId, text) {
  const editor = window.blazorMonaco.editor.getEditor(editorId, true);
  if (!editor) {
    return;
  }

  editor.pushUndoStop();
  editor.executeEdits("trellis", [{ range: editor.getModel().getFullModelRange(), text, forceMoveMarkers: true }]);
  editor.pushUndoStop();
}
