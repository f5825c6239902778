// The Trellis app SDK: everything an external-action app needs from its host, with no dependencies, speaking the
// same postMessage envelopes as OpenText ALM Octane so one app runs in both (docs/app-sdk.md).

const SETTINGS_REPLY = "octane_settings";

/** Reads a query string or fragment ("?a=1&b=2" or "#a=1") into a plain object. */
function readParameters(text) {
  const trimmed = text.startsWith("?") || text.startsWith("#") ? text.slice(1) : text;
  return Object.fromEntries(new URLSearchParams(trimmed));
}

/** Splits a comma-separated id list ("1001,1002") into ids; empty for none. */
function readIds(value) {
  return value ? value.split(",").map((id) => id.trim()).filter((id) => id.length > 0) : [];
}

/**
 * Reads the launch context from the page's URL: the query string and the fragment as the action's url template
 * placed them. Well-known names become typed fields; everything else stays in `query` and `fragment`.
 * @param {{ search: string, hash: string }} [location]
 */
export function readLaunchContext(location = globalThis.location) {
  const query = readParameters(location.search || "");
  const fragment = readParameters(location.hash || "");
  const pick = (name) => fragment[name] ?? query[name];
  return {
    query,
    fragment,
    sharedSpace: pick("shared_space") ?? null,
    workspace: pick("workspace") ?? null,
    entityType: pick("entity_type") ?? null,
    entityIds: readIds(pick("entity_ids") ?? pick("ids")),
    dialogId: pick("dialog_id") || null,
    panelId: pick("panel_id") || null,
    identityToken: pick("user_identity_token") ?? null,
  };
}

/**
 * Calls `callback` with the new launch context each time the host rewrites the fragment (a side panel's selection
 * changes without reloading the page). Returns a function that stops listening.
 */
export function onContextChange(callback, win = globalThis.window) {
  const listener = () => callback(readLaunchContext(win.location));
  win.addEventListener("hashchange", listener);
  return () => win.removeEventListener("hashchange", listener);
}

/**
 * Connects to the host that launched this page. `sharedSpace` and `workspace` go into every envelope, as the host
 * checks them against the launch; `dialogId` or `panelId` name this instance for dialog control and settings.
 * @param {{ sharedSpace?: string|number, workspace?: string|number, dialogId?: string|null, panelId?: string|null,
 *           window?: any, target?: any, targetOrigin?: string }} [options]
 */
export function connect(options = {}) {
  const win = options.window ?? globalThis.window;
  const context = options.context ?? readLaunchContext(win.location);
  const sharedSpace = options.sharedSpace ?? context.sharedSpace;
  const workspace = options.workspace ?? context.workspace;
  const dialogId = options.dialogId ?? context.dialogId;
  const panelId = options.panelId ?? context.panelId;
  // A dialog or panel lives in the host's iframe; a tab was opened by the host page.
  const target = options.target ?? (win.parent && win.parent !== win ? win.parent : win.opener);
  const targetOrigin = options.targetOrigin ?? "*";

  const post = (eventName, data) => {
    if (!target) {
      throw new Error(`No host to send ${eventName} to: this page was not opened by Trellis or Octane.`);
    }

    const envelope = { event_name: eventName, data };
    if (sharedSpace != null) envelope.shared_space = String(sharedSpace);
    if (workspace != null) envelope.workspace = String(workspace);
    target.postMessage(envelope, targetOrigin);
  };

  const instance = () => (panelId ? { panel_id: panelId } : { dialog_id: dialogId ?? "" });
  const requireDialog = (what) => {
    if (!dialogId) throw new Error(`${what} needs the dialog's id: put #dialog_id={dialog_id} in the action's url.`);
    return dialogId;
  };

  return {
    context,
    /** Sets the dialog's title (octane_set_dialog_title). */
    setTitle(title) {
      post("octane_set_dialog_title", { dialog_id: requireDialog("setTitle"), title: String(title) });
    },
    /** Closes the dialog; with `refresh: true` the host reloads the view it was opened from. */
    closeDialog({ refresh = false } = {}) {
      post("octane_close_dialog", { dialog_id: requireDialog("closeDialog"), refresh: Boolean(refresh) });
    },
    /** Asks the host to reload some entities of a type. */
    refreshEntity(entityType, entityIds) {
      post("octane_refresh_entity", { entity_type: entityType, entity_ids: [...entityIds].map(String) });
    },
    /** Asks the host to reload its grid of a type. */
    refreshList(entityType) {
      post("octane_refresh_list", { entity_type: entityType });
    },
    /** Asks the host to open an entity's details. */
    displayEntity(entityType, entityId) {
      post("octane_display_entity", { entity_type: entityType, entity_id: String(entityId) });
    },
    /** Asks the host to select entities in its grid. */
    selectEntity(entityType, entityIds) {
      post("octane_select_entity", { entity_type: entityType, entity_ids: [...entityIds].map(String) });
    },
    /** Tells the host an entity was created, so it can show it. */
    entityAdded(entityType, entityId) {
      post("octane_entity_was_added", { entity_type: entityType, entity_id: String(entityId) });
    },
    /** Stores this user's settings for the action, under an optional context key. */
    updateSettings(settings, { context: key = "" } = {}) {
      post("octane_update_settings", { context: key, ...instance(), settings });
    },
    /**
     * Reads this user's settings for the action: a promise for the `octane_settings` reply, which comes only from
     * the host (the message's source) and only for this context; rejected after `timeout` ms.
     */
    readSettings({ context: key = "", timeout = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const listener = (event) => {
          const message = event.data;
          if (event.source !== target || !message || message.event_name !== SETTINGS_REPLY) return;
          const data = message.data ?? {};
          if ((data.context ?? "") !== key) return;
          done();
          resolve(data.settings ?? {});
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`No ${SETTINGS_REPLY} reply within ${timeout} ms.`));
        }, timeout);
        const done = () => {
          clearTimeout(timer);
          win.removeEventListener("message", listener);
        };
        win.addEventListener("message", listener);
        post("octane_read_settings", { context: key, ...instance() });
      });
    },
  };
}

function base64UrlBytes(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function base64UrlJson(text) {
  return JSON.parse(new TextDecoder().decode(base64UrlBytes(text)));
}

/**
 * Verifies a user identity token (an RS256 JWS) with Web Crypto against the server's JWKS
 * (`{octane_url}/.well-known/jwks.json`, docs/identity-tokens.md) and returns its claims. Rejects a bad signature, an
 * unknown key, an expired or not-yet-valid token, and a wrong `iss` or `aud` when they are given.
 * @param {string} token
 * @param {{ jwksUrl: string, issuer?: string, audience?: string, now?: number, clockSkewSeconds?: number, fetch?: typeof fetch }} options
 */
export async function verifyIdentityToken(token, options) {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3) throw new Error("The identity token is not a compact JWS (three dot-separated parts).");
  const header = base64UrlJson(parts[0]);
  if (header.alg !== "RS256") throw new Error(`The identity token's alg is ${header.alg}, not RS256.`);
  const fetcher = options.fetch ?? globalThis.fetch;
  const response = await fetcher(options.jwksUrl);
  if (!response.ok) throw new Error(`The JWKS at ${options.jwksUrl} answered ${response.status}.`);
  const { keys = [] } = await response.json();
  const jwk = keys.find((key) => key.kid === header.kid);
  if (!jwk) throw new Error(`No key ${header.kid} in the JWKS at ${options.jwksUrl}.`);
  const key = await crypto.subtle.importKey("jwk", { kty: jwk.kty, n: jwk.n, e: jwk.e, alg: "RS256", ext: true },
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  if (!(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, base64UrlBytes(parts[2]), signed))) {
    throw new Error("The identity token's signature does not verify.");
  }

  const claims = base64UrlJson(parts[1]);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const skew = options.clockSkewSeconds ?? 30;
  if (typeof claims.exp !== "number" || now > claims.exp + skew) throw new Error("The identity token has expired.");
  if (typeof claims.iat === "number" && claims.iat - skew > now) throw new Error("The identity token is not valid yet.");
  if (options.issuer !== undefined && claims.iss !== options.issuer) throw new Error(`The identity token's iss is ${claims.iss}, not ${options.issuer}.`);
  if (options.audience !== undefined && claims.aud !== options.audience) throw new Error(`The identity token's aud is ${claims.aud}, not ${options.audience}.`);
  return claims;
}
