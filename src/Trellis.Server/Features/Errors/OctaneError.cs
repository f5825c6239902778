using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace Trellis.Server.Features.Errors;

/// <summary>
/// An error in Octane's own shape (SPEC.md §12.5): the one type that writes
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

    public static OctaneError GeneralError() =>
        new(StatusCodes.Status500InternalServerError, OctaneErrorCodes.GeneralError, "The server could not complete the request.");

    /// <summary>The body, with the request's correlation id.</summary>
    public OctaneErrorBody ToBody(HttpContext context) =>
        new(ErrorCode, context.TraceIdentifier, Description, Description, Properties);

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        return httpContext.Response.WriteAsJsonAsync(ToBody(httpContext), OctaneErrorJson.Default.OctaneErrorBody, contentType: "application/json");
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
