using System.Globalization;
using Trellis.Application.Errors;

namespace Trellis.Application.Access;

/// <summary>
/// Why the access layer said no, free of HTTP: the REST adapters turn it into Octane's error or problem details, the
/// web UI into its not-found page or a notice.
/// </summary>
/// <param name="Hidden">
/// Whether the scope is not shown to this caller at all: it does not exist or they hold no role in it. Both get the same
/// answer, so its existence is not disclosed.
/// </param>
/// <param name="Scope">What was asked for: <c>workspace</c>, <c>shared_space</c>, <c>user</c>…</param>
/// <param name="Id">Its id as the caller wrote it.</param>
/// <param name="Message">For a refusal the caller may see: what they lack, in words.</param>
internal sealed record AccessRefusal(bool Hidden, string Scope, string Id, string Message)
{
    public static AccessRefusal NotFound(string scope, long id) =>
        new(true, scope, id.ToString(CultureInfo.InvariantCulture), $"The {scope} with id {id.ToString(CultureInfo.InvariantCulture)} was not found.");

    public static AccessRefusal Forbidden(string message) => new(false, "", "", message);

    /// <summary>Octane's error JSON (under <c>/api</c> and <c>/authentication</c>).</summary>
    public OctaneError ToOctaneError() => Hidden ? OctaneError.NotFound(Scope, Id) : OctaneError.Forbidden(Message);
}
