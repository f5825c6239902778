// Types of the Trellis app SDK (docs/app-sdk.md).

/** The launch context an action's url template put in the page's query string and fragment. */
export interface LaunchContext {
  /** Every query parameter, as written. */
  query: Record<string, string>;
  /** Every fragment parameter, as written (the host rewrites these under a side panel). */
  fragment: Record<string, string>;
  sharedSpace: string | null;
  workspace: string | null;
  entityType: string | null;
  /** From `entity_ids` (or `ids`), split at commas. */
  entityIds: string[];
  dialogId: string | null;
  panelId: string | null;
  identityToken: string | null;
}

/** Reads the launch context from a location (the page's by default). */
export function readLaunchContext(location?: { search: string; hash: string }): LaunchContext;

/** Calls back with the new context whenever the fragment changes; returns a function that stops listening. */
export function onContextChange(callback: (context: LaunchContext) => void, win?: Window): () => void;

export interface ConnectOptions {
  sharedSpace?: string | number;
  workspace?: string | number;
  dialogId?: string | null;
  panelId?: string | null;
  /** The context to start from; read from the window's location when left out. */
  context?: LaunchContext;
  /** The app's window (for tests); the global window by default. */
  window?: Window;
  /** Where envelopes go: the parent frame, else the opener. */
  target?: Pick<Window, "postMessage">;
  /** The postMessage target origin; "*" by default, as the host checks the sender. */
  targetOrigin?: string;
}

export interface ReadSettingsOptions {
  /** The settings key; "" by default. */
  context?: string;
  /** Milliseconds before the promise is rejected; 5000 by default. */
  timeout?: number;
}

/** The host that launched the app: typed versions of every event the host accepts. */
export interface Host {
  readonly context: LaunchContext;
  setTitle(title: string): void;
  closeDialog(options?: { refresh?: boolean }): void;
  refreshEntity(entityType: string, entityIds: Iterable<string | number>): void;
  refreshList(entityType: string): void;
  displayEntity(entityType: string, entityId: string | number): void;
  selectEntity(entityType: string, entityIds: Iterable<string | number>): void;
  entityAdded(entityType: string, entityId: string | number): void;
  updateSettings(settings: Record<string, unknown>, options?: { context?: string }): void;
  readSettings<T extends Record<string, unknown> = Record<string, unknown>>(options?: ReadSettingsOptions): Promise<T>;
}

/** Connects to the host that launched this page. */
export function connect(options?: ConnectOptions): Host;

/** The claims of a verified identity token. */
export interface IdentityClaims {
  iss: string;
  sub: string;
  aud: string;
  login: string;
  email: string;
  shared_space: string;
  workspace: string;
  iat: number;
  exp: number;
  jti: string;
  [claim: string]: unknown;
}

export interface VerifyOptions {
  /** `{octane_url}/.well-known/jwks.json`. */
  jwksUrl: string;
  /** The expected `iss`: the server's public URL. */
  issuer?: string;
  /** The expected `aud`: the action's name. */
  audience?: string;
  /** Seconds since the epoch; the clock by default. */
  now?: number;
  /** Tolerance for `exp` and `iat`; 30 seconds by default. */
  clockSkewSeconds?: number;
  fetch?: typeof fetch;
}

/** Verifies an RS256 identity token against the JWKS with Web Crypto and returns its claims, or rejects saying why. */
export function verifyIdentityToken(token: string, options: VerifyOptions): Promise<IdentityClaims>;
