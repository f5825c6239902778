using Trellis.Server.Features.Errors;

namespace Trellis.Server.Features.Entities;

/// <summary>
/// Octane's <c>reference_update_mode</c> on a write: <c>replace</c> (the default) or <c>append</c> multi-references
/// (docs/reference/rest.md#responses-and-writes); any other value is refused.
/// </summary>
internal static class ReferenceUpdateMode
{
    public const string Parameter = "reference_update_mode";

    /// <summary>Whether the request asks to append, or the error naming the bad value.</summary>
    public static (bool Append, OctaneError? Error) Read(IQueryCollection query)
    {
        var (mode, repeated) = RepeatedParameters.One(query, Parameter, OctaneErrorCodes.IllegalFieldValue);
        if (repeated is not null)
        {
            return (false, repeated);
        }

        return mode.Length > 0 && mode is not ("append" or "replace")
            ? (false, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"{Parameter} is '{mode}'; it is append or replace."))
            : (mode == "append", null);
    }
}
