using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Trellis.Server.Features.Entities;

/// <summary>A page the entity reader read, written to the response with the application's JSON options as it is read.</summary>
internal sealed class EntityPageResult(EntityPage page) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        return page.WriteAsync(httpContext.Response.BodyWriter, options, httpContext.RequestAborted);
    }
}
