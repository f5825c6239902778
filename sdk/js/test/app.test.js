import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readLaunchContext, onContextChange, connect, verifyIdentityToken } from "../trellis-app.js";

/** A page in a frame: its location, its listeners, and a parent that records what it is sent. */
function fakeFrame(url) {
  const listeners = new Map();
  const parsed = new URL(url);
  const parent = { sent: [], postMessage(message, origin) { this.sent.push({ message, origin }); } };
  const win = {
    location: { search: parsed.search, hash: parsed.hash },
    parent,
    addEventListener: (type, fn) => listeners.set(`${type}`, [...(listeners.get(type) ?? []), fn]),
    removeEventListener: (type, fn) => listeners.set(type, (listeners.get(type) ?? []).filter((f) => f !== fn)),
    dispatch: (type, event) => (listeners.get(type) ?? []).forEach((fn) => fn(event)),
    listenerCount: (type) => (listeners.get(type) ?? []).length,
  };
  return win;
}

test("the launch context is read from the query string and the fragment", () => {
  const context = readLaunchContext(new URL("https://app.example.com/p?shared_space=1001&workspace=1002&entity_type=defect&ids=2001,2002#dialog_id=d-7&extra=x"));
  assert.equal(context.sharedSpace, "1001");
  assert.equal(context.workspace, "1002");
  assert.equal(context.entityType, "defect");
  assert.deepEqual(context.entityIds, ["2001", "2002"]);
  assert.equal(context.dialogId, "d-7");
  assert.equal(context.panelId, null);
  assert.equal(context.fragment.extra, "x");
});

test("a side panel hears every fragment update until it stops listening", () => {
  const win = fakeFrame("https://app.example.com/p#panel_id=p-1&entity_ids=1");
  const seen = [];
  const stop = onContextChange((context) => seen.push(context.entityIds), win);
  win.location.hash = "#panel_id=p-1&entity_ids=1,2";
  win.dispatch("hashchange", {});
  stop();
  win.location.hash = "#panel_id=p-1&entity_ids=3";
  win.dispatch("hashchange", {});
  assert.deepEqual(seen, [["1", "2"]]);
});

test("dialog events carry the envelope and the dialog id the host checks", () => {
  const win = fakeFrame("https://app.example.com/p?shared_space=1001&workspace=1002#dialog_id=d-7");
  const host = connect({ window: win });
  host.setTitle("Hello");
  host.closeDialog({ refresh: true });
  assert.deepEqual(win.parent.sent.map((s) => s.message), [
    { event_name: "octane_set_dialog_title", shared_space: "1001", workspace: "1002", data: { dialog_id: "d-7", title: "Hello" } },
    { event_name: "octane_close_dialog", shared_space: "1001", workspace: "1002", data: { dialog_id: "d-7", refresh: true } },
  ]);
});

test("entity events send ids as strings, as Octane does", () => {
  const win = fakeFrame("https://app.example.com/p?shared_space=1001&workspace=1002");
  const host = connect({ window: win });
  host.refreshEntity("defect", [2001, "2002"]);
  host.refreshList("defect");
  host.displayEntity("story", 3001);
  host.selectEntity("defect", [2001]);
  host.entityAdded("defect", 2003);
  assert.deepEqual(win.parent.sent.map((s) => [s.message.event_name, s.message.data]), [
    ["octane_refresh_entity", { entity_type: "defect", entity_ids: ["2001", "2002"] }],
    ["octane_refresh_list", { entity_type: "defect" }],
    ["octane_display_entity", { entity_type: "story", entity_id: "3001" }],
    ["octane_select_entity", { entity_type: "defect", entity_ids: ["2001"] }],
    ["octane_entity_was_added", { entity_type: "defect", entity_id: "2003" }],
  ]);
});

test("setTitle without a dialog id says what the url needs", () => {
  const host = connect({ window: fakeFrame("https://app.example.com/p") });
  assert.throws(() => host.setTitle("x"), /#dialog_id=\{dialog_id\}/);
});

test("readSettings resolves with the host's reply for its context only, and stops listening", async () => {
  const win = fakeFrame("https://app.example.com/p?shared_space=1001&workspace=1002#panel_id=p-1");
  const host = connect({ window: win });
  const settings = host.readSettings({ context: "notes" });
  assert.deepEqual(win.parent.sent[0].message.data, { panel_id: "p-1", context: "notes" });
  win.dispatch("message", { source: {}, data: { event_name: "octane_settings", data: { context: "notes", settings: { forged: true } } } });
  win.dispatch("message", { source: win.parent, data: { event_name: "octane_settings", data: { context: "other", settings: { other: true } } } });
  win.dispatch("message", { source: win.parent, data: { event_name: "octane_settings", data: { context: "notes", panel_id: "p-1", settings: { note: "hi" } } } });
  assert.deepEqual(await settings, { note: "hi" });
  assert.equal(win.listenerCount("message"), 0);
});

test("readSettings rejects after its timeout when no reply comes", async () => {
  const win = fakeFrame("https://app.example.com/p#dialog_id=d-1");
  await assert.rejects(connect({ window: win }).readSettings({ timeout: 20 }), /No octane_settings reply within 20 ms/);
  assert.equal(win.listenerCount("message"), 0);
});

test("updateSettings names the instance and the context", () => {
  const win = fakeFrame("https://app.example.com/p#dialog_id=d-1");
  connect({ window: win }).updateSettings({ note: "x" });
  assert.deepEqual(win.parent.sent[0].message.data, { dialog_id: "d-1", context: "", settings: { note: "x" } });
});

const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

async function signedToken(claims, kid = "k1") {
  const keys = await crypto.subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", keys.privateKey, new TextEncoder().encode(`${head}.${body}`));
  const jwk = await crypto.subtle.exportKey("jwk", keys.publicKey);
  return { token: `${head}.${body}.${b64url(new Uint8Array(signature))}`, jwks: { keys: [{ kty: "RSA", use: "sig", alg: "RS256", kid, n: jwk.n, e: jwk.e }] } };
}

/** Serves a JWKS on 127.0.0.1 for the duration of `work`, as the server's /.well-known/jwks.json does. */
async function withJwks(jwks, work) {
  const server = createServer((_, response) => { response.setHeader("Content-Type", "application/json"); response.end(JSON.stringify(jwks)); });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await work(`http://127.0.0.1:${server.address().port}/.well-known/jwks.json`);
  } finally {
    server.close();
  }
}

test("verifyIdentityToken returns the claims of a token signed by a key of the JWKS", async () => {
  const now = 1_800_000_000;
  const { token, jwks } = await signedToken({ iss: "https://trellis.example.com", aud: "quick_note", sub: "7", login: "jane", iat: now, exp: now + 300 });
  const claims = await withJwks(jwks, (jwksUrl) => verifyIdentityToken(token, { jwksUrl, issuer: "https://trellis.example.com", audience: "quick_note", now }));
  assert.equal(claims.login, "jane");
});

test("verifyIdentityToken refuses a tampered, expired or misaddressed token", async () => {
  const now = 1_800_000_000;
  const { token, jwks } = await signedToken({ iss: "https://trellis.example.com", aud: "quick_note", iat: now, exp: now + 300 });
  const [head, body, signature] = token.split(".");
  const forged = `${head}.${b64url(JSON.stringify({ iss: "https://trellis.example.com", aud: "quick_note", iat: now, exp: now + 9999 }))}.${signature}`;
  await withJwks(jwks, async (jwksUrl) => {
    await assert.rejects(verifyIdentityToken(forged, { jwksUrl, now }), /signature does not verify/);
    await assert.rejects(verifyIdentityToken(token, { jwksUrl, now: now + 400 }), /expired/);
    await assert.rejects(verifyIdentityToken(token, { jwksUrl, now, audience: "other_action" }), /aud is quick_note, not other_action/);
    await assert.rejects(verifyIdentityToken(`${head}.${body}`, { jwksUrl, now }), /compact JWS/);
  });
  const { token: otherKey } = await signedToken({ exp: now + 300 }, "k2");
  await withJwks(jwks, (jwksUrl) => assert.rejects(verifyIdentityToken(otherKey, { jwksUrl, now }), /No key k2/));
});

test("the demo panel bundle carries this exact SDK", async () => {
  const { readFile } = await import("node:fs/promises");
  const sdk = await readFile(new URL("../trellis-app.js", import.meta.url), "utf8");
  const copy = await readFile(new URL("../../../samples/bundles/panel-settings/panel-settings/trellis-app.js", import.meta.url), "utf8");
  assert.equal(copy, sdk, "copy sdk/js/trellis-app.js to samples/bundles/panel-settings/panel-settings/");
});
