using Microsoft.EntityFrameworkCore;
using Npgsql;
using Trellis.Application.Errors;

namespace Trellis.Server.IntegrationTests;

/// <summary>Which database failures are the request's fault (docs/reference/rest.md#errors), as PostgreSQL reports them.</summary>
public sealed class RequestFailuresTests
{
    [Fact]
    public void ATextLongerThanItsColumn_IsTheRequestsFault_NotAServerError()
    {
        var tooLong = new PostgresException("value too long for type character varying(255)", "ERROR", "ERROR", "22001");

        var answer = RequestFailures.Classify(new DbUpdateException("An error occurred while saving the entity changes.", tooLong));

        Assert.NotNull(answer);
        Assert.Equal((400, "platform.illegal_field_value"), (answer.StatusCode, answer.ErrorCode));
    }

    [Fact]
    public void ANulCharacterInAText_IsTheRequestsFault_NotAServerError()
    {
        var nul = new PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", "22021");

        var answer = RequestFailures.Classify(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", nul));

        Assert.NotNull(answer);
        Assert.Equal((400, "platform.illegal_field_value"), (answer.StatusCode, answer.ErrorCode));
        Assert.Contains("NUL character", answer.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherRefusal_StaysAServerError() =>
        Assert.Null(RequestFailures.Classify(new DbUpdateException("save failed", new PostgresException("check constraint", "ERROR", "ERROR", "23514"))));
}
