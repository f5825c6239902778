using Trellis.Data;
using Trellis.Server.WebUi;

// The slim host, with what operators configure added back (docs/deployment.md, "The host").
var builder = WebApplication.CreateSlimBuilder(args).AddWhatOperatorsConfigure();
// `dotnet run` in any environment serves the UI's package assets (MudBlazor, Blazor) from the build's manifest.
builder.WebHost.UseStaticWebAssets();
// Answers do not name the server software (docs/administration.md, "Browser protections"), and carry a few bytes less.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

// Trellis's public address and the separate origin bundles run on (a listener on the next port unless configured).
builder.AddPublicUrls();
// One clock for sessions, audit and entity times; tests swap in a fake one.
builder.Services.AddSingleton(TimeProvider.System);
// SQLite (default) or PostgreSQL, chosen by Trellis:Database:Provider, with the provider's migrations; a relative
// Trellis:DataDirectory is under the content root, wherever the process was started from.
builder.Services.AddTrellisData(builder.Configuration, builder.Environment.ContentRootPath);
// Octane's error JSON on /api and /authentication, problem details elsewhere, never a stack trace.
builder.Services.AddErrorSurfaces();
// Gzip request bodies are accepted; a body that is not what its Content-Encoding says is a 400 (docs/rest-api.md).
builder.Services.AddCheckedRequestDecompression();
// The Data Protection key ring in the database: every node accepts the others' forms, cookies and circuits.
builder.Services.AddSharedKeyRing(builder.Configuration);
// X-Forwarded-* from the configured proxies only (Trellis:ForwardedHeaders), so https behind TLS termination is https.
builder.Services.AddTrustedProxies(builder.Configuration);
// LWSSO_COOKIE_KEY sessions kept in the database, role grants and password hashing.
builder.Services.AddTrellisAuth();
// The first start on an empty database: space 1001, workspace 1002, admin, schema, demo data.
builder.Services.AddBootstrap();
// Octane entity collections: schema from field metadata, reads and writes over the entities table.
builder.Services.AddEntities();
// New workspaces and shared spaces, each bootstrapped like the first one.
builder.Services.AddOrganization();
// Site parameters (docs/reference/site-parameters.md#parameters): defaults, configuration, then run-time overrides in the database.
builder.Services.AddSiteParameters();
// Reading the audit log.
builder.Services.AddAuditLog();
// RS256 user-identity tokens signed with a key every node shares through the database.
builder.Services.AddIdentityTokens();
// Bundle uploads (docs/reference/bundles.md): archive checks, content-addressed storage, the atomic swap.
builder.Services.AddBundles();
// External-action configuration versions, the live catalog per space and its cross-node change listener.
builder.Services.AddActionConfiguration();
// The Aviator chips' chat model (Trellis:Aviator), none by default.
builder.Services.AddAviator();
// The Blazor web UI: shell, grids, details, toolbars, launches and the External Action Editor.
builder.Services.AddTrellisWebUi();
// The OpenAPI document of the Trellis-only endpoints (/openapi/trellis.json).
builder.Services.AddTrellisOpenApi();
// /healthz/live, /healthz/ready (database, migrations, the NOTIFY listener) and /healthz.
builder.Services.AddTrellisHealth();
// Traces, metrics and logs over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT or Trellis:Telemetry:OtlpEndpoint is set.
builder.AddTelemetry();
// An idle node gives back the memory its last work grew (Trellis:Memory:TrimWhenIdle, docs/performance.md).
builder.Services.AddIdleMemoryTrim(builder.Configuration);

var app = builder.Build();

// Migration and bootstrap are one explicit, logged step before the first request is served.
await app.PrepareDatabaseAsync();
// The client's scheme and address from a trusted proxy, and the path base (Trellis:PathBase), before anything else.
app.UseProxySettings();
// Crashes outside endpoints still answer in the path's error shape.
app.UseExceptionHandler();
// Bodiless error statuses (an unknown route) get a body in the path's error shape.
app.UseErrorStatusBodies();
// The bundle origin answers only bundle files and workspace data; Trellis's own origin redirects bundle files there.
app.UseBundleOriginGate();
// Decompress gzip bodies before any endpoint reads them.
app.UseRequestDecompression();
// CORS from the site parameters; preflights are answered here, before anyone is authenticated.
app.UseTrellisCors();
// Every request is authenticated by its session cookie, when it has one.
app.UseAuthentication();
// Cross-site browser writes on a session cookie must echo the session's XSRF token.
app.UseXsrfProtection();
// Endpoint groups declare what they need; the rest of the pipeline stays anonymous.
app.UseAuthorization();
// The web UI's forms (sign-in, sign-out) carry an antiforgery token.
app.UseAntiforgery();

// Liveness and readiness for balancers, orchestrators and the CI.
app.MapTrellisHealth();
// Sign-in and sign-out.
app.MapAuth();
// Shared spaces, workspaces, the current user, the server version.
app.MapPlatform();
// The workspace's entity collections and metadata.
app.MapEntities();
// The users of a shared space, their roles and API keys.
app.MapUsers();
// Creating workspaces and shared spaces; a space's workspace roles.
app.MapOrganization();
// Site admins read and override the site parameters at run time.
app.MapSiteParameters();
// The identity tokens' public keys (/api/jwt/key, JWKS) and their rotation.
app.MapIdentityTokens();
// Site admins download an online copy of the SQLite database (docs/operations.md#sqlite-an-online-backup).
app.MapDatabaseBackup();
// External-action bundles: upload, replace, list, delete, serve, and the public style sheet.
app.MapBundles();
// External-action configuration and history, the toolbar and launch endpoints, the apps' settings.
app.MapActionConfigurationEndpoints();
// Space admins read what apps posted to their launches (the message inspector's JSON).
app.MapLaunchMessages();
// The audit log, read by site admins (every line) and space admins (their space's).
app.MapAuditLog();
// The web UI's pages, static assets and sign-out.
app.MapTrellisWebUi();

// /openapi/trellis.json, and the Scalar reference at /scalar in Development.
app.MapTrellisOpenApi();

await app.RunAsync();
