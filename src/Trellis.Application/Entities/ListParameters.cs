using System.Globalization;
using Trellis.Application.Errors;

namespace Trellis.Application.Entities;

/// <summary>The paging and sorting parameters of a list (docs/reference/rest.md#urls-and-parameters).</summary>
internal sealed record ListParameters(int Limit, int Offset, IReadOnlyList<(string Field, bool Descending)> OrderBy)
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 5000;

    public static (ListParameters? Parameters, OctaneError? Error) From(IQueryCollection query)
    {
        var (limitText, limitError) = RepeatedParameters.One(query, "limit", OctaneErrorCodes.InvalidLimit);
        var (offsetText, offsetError) = RepeatedParameters.One(query, "offset", OctaneErrorCodes.InvalidLimit);
        var (orderText, orderError) = RepeatedParameters.One(query, "order_by", OctaneErrorCodes.UnknownField);
        if ((limitError ?? offsetError ?? orderError) is { } repeated)
        {
            return (null, repeated);
        }

        var limit = DefaultLimit;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out limit)
            || limit is < 1 or > MaxLimit))
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.InvalidLimit, $"limit must be a whole number from 1 to {MaxLimit}, not '{limitText}'."));
        }

        var offset = 0;
        if (offsetText.Length > 0 && (!int.TryParse(offsetText, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out offset)
            || offset < 0))
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.InvalidLimit, $"offset must be a whole number of at least 0, not '{offsetText}'."));
        }

        var orderBy = orderText
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => item.StartsWith('-') ? (item[1..].Trim(), true) : (item.TrimStart('+').Trim(), false))
            .ToList();
        return (new ListParameters(limit, offset, orderBy), null);
    }
}
