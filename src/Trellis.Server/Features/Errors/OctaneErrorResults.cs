using System.Text.Json;
using System.Text.Json.Serialization;

namespace Trellis.Server.Features.Errors;

/// <summary>
/// The HTTP side of <see cref="OctaneError"/>: the services answer with the plain error, the endpoints with one of these
/// (docs/reference/rest.md#errors).
/// </summary>
internal static class OctaneErrorResults
{
    /// <summary>The error as Octane's JSON body with its status (and <c>Retry-After</c>), for the Octane paths.</summary>
    public static IResult ToResult(this OctaneError error) => new OctaneErrorResult(error);

    /// <summary>The same error as RFC 9457 problem details, for the paths outside Octane's surface.</summary>
    public static IResult AsProblem(this OctaneError error) => new ProblemWithRetryAfter(error);

    /// <summary>The body, with the request's correlation id.</summary>
    public static OctaneErrorBody ToBody(this OctaneError error, HttpContext context) =>
        new(error.ErrorCode, context.TraceIdentifier, error.Description, error.Description, error.Properties);

    /// <summary>An access refusal as problem details (the Trellis-only <c>/admin</c> paths).</summary>
    public static IResult ToProblem(this AccessRefusal refusal) => refusal.Hidden
        ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: refusal.Message, type: OctaneErrorCodes.EntityNotFound)
        : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: refusal.Message, type: OctaneErrorCodes.Forbidden);
}

/// <summary>An <see cref="OctaneError"/> written in Octane's shape, with its list of details beside the properties when it has one.</summary>
internal sealed class OctaneErrorResult(OctaneError error) : IResult, IStatusCodeHttpResult
{
    /// <summary>Gets the error written.</summary>
    public OctaneError Error => error;

    int? IStatusCodeHttpResult.StatusCode => error.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = error.StatusCode;
        if (error.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = OctaneError.RetryAfterSeconds(wait);
        }

        if (error.List is not { } list)
        {
            return response.WriteAsJsonAsync(error.ToBody(httpContext), OctaneErrorJson.Default.OctaneErrorBody, contentType: "application/json");
        }

        var body = JsonSerializer.SerializeToNode(error.ToBody(httpContext), OctaneErrorJson.Default.OctaneErrorBody)!.AsObject();
        body[list.Name] = list.Items.DeepClone();
        response.ContentType = "application/json";
        return response.WriteAsync(body.ToJsonString(), httpContext.RequestAborted);
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
