using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Configuration;
using Trellis.Actions.Diagnostics;
using Trellis.Data;

namespace Trellis.Server.Features.ExternalActions;

/// <summary>The error codes of the configuration API (docs/reference/rest.md#errors).</summary>
internal static class ConfigurationErrorCodes
{
    public const string InvalidConfiguration = "external_actions.invalid_configuration";
    public const string VersionConflict = "external_actions.version_conflict";
}

/// <summary>
/// The configuration REST API of docs/reference/rest.md#configuration-api under <c>/api/shared_spaces/{ss}/external-entity-actions</c>: the current
/// array, whole-array replacement with validation and <c>If-Match</c>, history and restore.
/// </summary>
internal static class ConfigurationApi
{
    private const int DefaultHistoryLimit = 50;
    private const int MaxHistoryLimit = 1000;

    // Larger than the parser's 8 MiB limit, so the parser reports XA1008 instead of the body being cut.
    private const int MaxBodyBytes = (8 * 1024 * 1024) + 64 * 1024;

    public static IEndpointRouteBuilder MapActionConfiguration(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/shared_spaces/{sharedSpaceId:long}/external-entity-actions")
            .WithOctaneErrors()
            .RequireAuthorization()
            .WithTags("ExternalActions");
        // Members of the space read the configuration; its admins change it and read its history.
        group.MapGet("/", GetAsync).WithName("GetExternalActions").RequireSpace(SpaceTier.Member);
        group.MapPut("/", PutAsync).WithName("PutExternalActions").RequireSpace(SpaceTier.Admin);
        group.MapGet("/history", HistoryAsync).WithName("ExternalActionsHistory").WithTrellisApi().RequireSpace(SpaceTier.Admin);
        group.MapGet("/history/{version:int}", GetVersionAsync).WithName("ExternalActionsVersion").WithTrellisApi().RequireSpace(SpaceTier.Admin);
        group.MapPost("/history/{version:int}/restore", RestoreAsync).WithName("RestoreExternalActions").WithTrellisApi().RequireSpace(SpaceTier.Admin);
        return routes;
    }

    private static async Task<IResult> GetAsync(long sharedSpaceId, HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var (version, json) = await ActionConfigurationStore.LatestAsync(db, sharedSpaceId, cancellationToken);
        var data = await ActionConfigurationStore.WithCurrentBundlesAsync(db, sharedSpaceId, json, cancellationToken);
        SetETag(http, version);
        return TypedResults.Json(new JsonObject { ["total_count"] = data.Count, ["data"] = data, ["exceeds_total_count"] = false });
    }

    private static async Task<IResult> PutAsync(
        long sharedSpaceId, HttpContext http, [FromServices] TrellisDbContext db, [FromServices] ActionConfigurationStore store, CancellationToken cancellationToken)
    {
        var comment = http.Request.Query["comment"].ToString();
        if (comment.Length > ActionConfigurationStore.MaxCommentLength)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"comment is longer than {ActionConfigurationStore.MaxCommentLength} characters.").ToResult();
        }

        var source = http.Request.Query["source"].ToString() == ConfigSources.Editor ? ConfigSources.Editor : ConfigSources.Rest;
        if (!TryReadIfMatch(http, out var ifMatch))
        {
            return StaleVersion(await CurrentVersionAsync(db, sharedSpaceId, cancellationToken)).ToResult();
        }

        var body = await ReadBodyAsync(http, cancellationToken);
        if (body is null)
        {
            return OctaneError.BadRequest(ConfigurationErrorCodes.InvalidConfiguration, "The configuration is larger than 8 MiB.").ToResult();
        }

        var user = CurrentUser.From(http.User);
        var outcome = await store.SaveAsync(sharedSpaceId, ConfigEnvelope.EditorArray(body), ifMatch, user.Id, source, comment, restoredFrom: null, cancellationToken);
        return await ToResponseAsync(http, db, sharedSpaceId, outcome, cancellationToken);
    }

    private static async Task<IResult> HistoryAsync(
        long sharedSpaceId, int? limit, int? offset, HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxHistoryLimit || offset is < 0)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.InvalidLimit, $"limit must be 1 to {MaxHistoryLimit} and offset at least 0.").ToResult();
        }

        var versions = db.ActionConfigVersions.AsNoTracking().Where(v => v.SharedSpaceId == sharedSpaceId);
        var total = await versions.CountAsync(cancellationToken);
        var page = await versions.OrderByDescending(v => v.Version).Skip(offset ?? 0).Take(limit ?? DefaultHistoryLimit)
            .Select(v => new { v.Version, v.AuthorUserId, v.CreatedAt, v.Source, v.Comment, v.RestoredFrom, v.ActionCount })
            .ToListAsync(cancellationToken);
        var authors = await AuthorsAsync(db, page.Select(v => v.AuthorUserId), cancellationToken);
        var data = new JsonArray([.. page.Select(v => (JsonNode)new JsonObject
        {
            ["version"] = v.Version,
            ["author"] = Author(authors, v.AuthorUserId),
            ["time"] = IsoTime.Format(v.CreatedAt),
            ["source"] = v.Source,
            ["comment"] = v.Comment,
            ["restored_from"] = v.RestoredFrom,
            ["action_count"] = v.ActionCount,
        })]);
        return TypedResults.Json(new JsonObject { ["total_count"] = total, ["data"] = data });
    }

    private static async Task<IResult> GetVersionAsync(
        long sharedSpaceId, int version, HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var row = await ActionConfigurationStore.FindAsync(db, sharedSpaceId, version, cancellationToken);
        if (row is null)
        {
            return VersionNotFound(version).ToResult();
        }

        var authors = await AuthorsAsync(db, [row.AuthorUserId], cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["version"] = row.Version,
            ["author"] = Author(authors, row.AuthorUserId),
            ["time"] = row.Version == 0 ? null : IsoTime.Format(row.CreatedAt),
            ["source"] = row.Version == 0 ? null : row.Source,
            ["data"] = JsonNode.Parse(row.Json),
        });
    }

    private static async Task<IResult> RestoreAsync(
        long sharedSpaceId, int version, HttpContext http, [FromServices] TrellisDbContext db, [FromServices] ActionConfigurationStore store,
        CancellationToken cancellationToken)
    {
        if (!TryReadIfMatch(http, out var ifMatch))
        {
            return StaleVersion(await CurrentVersionAsync(db, sharedSpaceId, cancellationToken)).ToResult();
        }

        var outcome = await store.RestoreAsync(sharedSpaceId, version, ifMatch, CurrentUser.From(http.User).Id, cancellationToken);
        return outcome is null ? VersionNotFound(version).ToResult() : await ToResponseAsync(http, db, sharedSpaceId, outcome, cancellationToken);
    }

    private static async Task<IResult> ToResponseAsync(HttpContext http, TrellisDbContext db, long sharedSpaceId, SaveOutcome outcome, CancellationToken cancellationToken)
    {
        switch (outcome.Status)
        {
            case SaveStatus.Invalid:
                return new InvalidConfiguration(outcome.Diagnostics);
            case SaveStatus.Conflict:
                return StaleVersion(outcome.Version).ToResult();
            default:
                var data = await ActionConfigurationStore.WithCurrentBundlesAsync(db, sharedSpaceId, outcome.Json, cancellationToken);
                SetETag(http, outcome.Version);
                return TypedResults.Json(new JsonObject
                {
                    ["version"] = outcome.Version,
                    ["total_count"] = data.Count,
                    ["data"] = data,
                    ["diagnostics"] = DiagnosticsJson(outcome.Diagnostics),
                });
        }
    }

    /// <summary>Reads <c>If-Match</c>: absent or <c>*</c> means any version; <c>"3"</c>, <c>W/"3"</c> and <c>3</c> name version 3.</summary>
    /// <returns><see langword="false"/> when the header names no version at all (it can never match).</returns>
    private static bool TryReadIfMatch(HttpContext http, out int? version)
    {
        version = null;
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return true;
        }

        var text = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        text = text.Trim('"');
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<int> CurrentVersionAsync(TrellisDbContext db, long sharedSpaceId, CancellationToken cancellationToken) =>
        (await ActionConfigurationStore.LatestAsync(db, sharedSpaceId, cancellationToken)).Version;

    private static OctaneError StaleVersion(int current) =>
        new(StatusCodes.Status412PreconditionFailed, ConfigurationErrorCodes.VersionConflict,
            $"The configuration has changed: the current version is {current.ToString(CultureInfo.InvariantCulture)}.",
            new Dictionary<string, string> { ["current_version"] = current.ToString(CultureInfo.InvariantCulture) });

    private static OctaneError VersionNotFound(int version) =>
        OctaneError.NotFound("external_actions_version", version.ToString(CultureInfo.InvariantCulture));

    private static void SetETag(HttpContext http, int version) =>
        http.Response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static async Task<Dictionary<long, string>> AuthorsAsync(TrellisDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Login, cancellationToken);
    }

    private static JsonObject? Author(Dictionary<long, string> authors, long? id) =>
        id is { } known && authors.TryGetValue(known, out var login)
            ? new JsonObject { ["id"] = known.ToString(CultureInfo.InvariantCulture), ["login"] = login }
            : null;

    public static JsonArray DiagnosticsJson(ImmutableArray<Diagnostic> diagnostics) =>
        new([.. diagnostics.Select(d => (JsonNode)new JsonObject
        {
            ["severity"] = d.SeverityName,
            ["code"] = d.Code,
            ["message"] = d.Message,
            ["pointer"] = d.Pointer,
            ["line"] = d.Line,
            ["column"] = d.Column,
        })]);

    /// <summary>The Octane error body of docs/reference/rest.md#errors with the validator's <c>diagnostics</c> added.</summary>
    private sealed class InvalidConfiguration(ImmutableArray<Diagnostic> diagnostics) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var errors = diagnostics.Count(d => d.IsError);
            var description = $"The configuration has {errors.ToString(CultureInfo.InvariantCulture)} error(s); nothing was stored.";
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            var body = new JsonObject
            {
                ["error_code"] = ConfigurationErrorCodes.InvalidConfiguration,
                ["correlation_id"] = httpContext.TraceIdentifier,
                ["description"] = description,
                ["description_translated"] = description,
                ["properties"] = null,
                ["diagnostics"] = DiagnosticsJson(diagnostics),
            };
            httpContext.Response.ContentType = "application/json";
            return httpContext.Response.WriteAsync(body.ToJsonString(), httpContext.RequestAborted);
        }
    }
}
