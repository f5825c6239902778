using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Trellis.Application.Errors;

/// <summary>
/// An error in Octane's own terms (docs/reference/rest.md#errors), free of HTTP: what the services answer when they
/// refuse. The host writes it as <c>{error_code, correlation_id, description, description_translated, properties}</c>
/// on the Octane paths and as problem details elsewhere; the web UI shows its description.
/// </summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ErrorCode">The stable code, such as <c>platform.unknown_field</c>.</param>
/// <param name="Description">What went wrong, for a person.</param>
/// <param name="Properties">Flat string properties, or <see langword="null"/> (the C# SDK wants nothing else).</param>
[JsonConverter(typeof(AnsweredThroughTheHost))]
internal sealed record OctaneError(int StatusCode, string ErrorCode, string Description, IReadOnlyDictionary<string, string>? Properties = null)
{
    /// <summary>Gets how long the caller should wait before trying again (<c>Retry-After</c>), for 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets a list the body carries beside the flat properties (a bundle's refused entries, a configuration's
    /// diagnostics), or <see langword="null"/>.</summary>
    public OctaneErrorList? List { get; init; }

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

    /// <summary>A text longer than its column holds, named by its field, before the database would refuse it without a name.</summary>
    public static OctaneError TooLong(string type, string field, int maxLength, int length) =>
        IllegalField(field, $"The {field} of a {type} has at most {maxLength} characters, not {length}.");

    /// <summary>A text holding the NUL character, which PostgreSQL's text cannot (and SQLite's should not) hold.</summary>
    public static OctaneError HoldsNul(string type, string field) =>
        IllegalField(field, $"The {field} of a {type} may not hold the NUL character (\\u0000).");

    private static OctaneError IllegalField(string field, string description) =>
        new(StatusCodes.Status400BadRequest, OctaneErrorCodes.IllegalFieldValue, description, FrozenDictionary.Create(StringComparer.Ordinal, KeyValuePair.Create("field", field)));

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
}

/// <summary>A named list of an error's details, written beside its properties.</summary>
/// <param name="Name">The member's name in the body (<c>reasons</c>, <c>diagnostics</c>).</param>
/// <param name="Items">The details.</param>
internal sealed record OctaneErrorList(string Name, JsonArray Items);

/// <summary>
/// Refuses to write an <see cref="OctaneError"/> as a plain value: an endpoint or filter that returns it as an object
/// would otherwise answer 200 with the record as JSON; this turns the slip into a failure any test sees.
/// </summary>
internal sealed class AnsweredThroughTheHost : JsonConverter<OctaneError>
{
    public override OctaneError Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("An OctaneError is not read from JSON.");

    public override void Write(Utf8JsonWriter writer, OctaneError value, JsonSerializerOptions options) =>
        throw new InvalidOperationException(
            $"The error {value.ErrorCode} was returned as a value; answer it with OctaneErrorResults.ToResult or AsProblem (docs/architecture.md).");
}
