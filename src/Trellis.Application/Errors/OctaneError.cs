using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace Trellis.Application.Errors;

/// <summary>
/// An error in Octane's own shape (docs/reference/rest.md#errors): the one type that writes
/// <c>{error_code, correlation_id, description, description_translated, properties}</c> on the Octane paths.
/// </summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ErrorCode">The stable code, such as <c>platform.unknown_field</c>.</param>
/// <param name="Description">What went wrong, for a person.</param>
/// <param name="Properties">Flat string properties, or <see langword="null"/> (the C# SDK wants nothing else).</param>
internal sealed record OctaneError(int StatusCode, string ErrorCode, string Description, IReadOnlyDictionary<string, string>? Properties = null)
    : IResult, IStatusCodeHttpResult
{
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <summary>Gets how long the caller should wait before trying again (<c>Retry-After</c>), for 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static OctaneError AuthenticationRequired() =>
        new(StatusCodes.Status401Unauthorized, OctaneErrorCodes.AuthenticationRequired, "Authentication is required: sign in at /authentication/sign_in.");

    public static OctaneError AuthenticationFailed() =>
        new(StatusCodes.Status401Unauthorized, OctaneErrorCodes.AuthenticationFailed, "The credentials are not valid.");

    public static OctaneError Forbidden(string description) =>
        new(StatusCodes.Status403Forbidden, OctaneErrorCodes.Forbidden, description);

    public static OctaneError NotFound(string type, string id) =>
        new(StatusCodes.Status404NotFound, OctaneErrorCodes.EntityNotFound, $"The {type} with id {id} was not found.",
            FrozenDictionary.Create(StringComparer.Ordinal, KeyValuePair.Create("entity_type", type), KeyValuePair.Create("entity_id", id)));

    public static OctaneError BadRequest(string code, string description) => new(StatusCodes.Status400BadRequest, code, description);

    public static OctaneError ConcurrentUpdate() =>
        new(StatusCodes.Status409Conflict, OctaneErrorCodes.ConcurrentUpdate,
            "Other requests kept changing the same entities while this one was written; nothing of it was saved. Send it again.");

    public static OctaneError TooManySignIns(TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, OctaneErrorCodes.TooManyRequests,
            $"Too many failed sign-ins for this login or from this address; try again in {RetryAfterSeconds(retryAfter)} seconds.") { RetryAfter = retryAfter };

    public static OctaneError DatabaseUnavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, OctaneErrorCodes.ServiceUnavailable,
            "The database does not answer right now; nothing was changed. Try again shortly.") { RetryAfter = TimeSpan.FromSeconds(5) };

    public static OctaneError GeneralError() =>
        new(StatusCodes.Status500InternalServerError, OctaneErrorCodes.GeneralError, "The server could not complete the request.");

    /// <summary>Whole seconds, rounded up, at least one: the <c>Retry-After</c> form.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The same error as RFC 9457 problem details, for the paths outside Octane's surface.</summary>
    public IResult AsProblem() => new ProblemWithRetryAfter(this);

    /// <summary>The body, with the request's correlation id.</summary>
    public OctaneErrorBody ToBody(HttpContext context) =>
        new(ErrorCode, context.TraceIdentifier, Description, Description, Properties);

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        if (RetryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds(wait);
        }

        return httpContext.Response.WriteAsJsonAsync(ToBody(httpContext), OctaneErrorJson.Default.OctaneErrorBody, contentType: "application/json");
    }
}

/// <summary>An <see cref="OctaneError"/> written as problem details, keeping its <c>Retry-After</c>.</summary>
internal sealed class ProblemWithRetryAfter(OctaneError error) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (error.RetryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = OctaneError.RetryAfterSeconds(wait);
        }

        return TypedResults.Problem(statusCode: error.StatusCode, title: error.Description, type: error.ErrorCode).ExecuteAsync(httpContext);
    }
}

/// <summary>The wire shape of an Octane error.</summary>
internal sealed record OctaneErrorBody(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("correlation_id")] string CorrelationId,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("description_translated")] string DescriptionTranslated,
    [property: JsonPropertyName("properties")] IReadOnlyDictionary<string, string>? Properties);

[JsonSerializable(typeof(OctaneErrorBody))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
internal sealed partial class OctaneErrorJson : JsonSerializerContext;
