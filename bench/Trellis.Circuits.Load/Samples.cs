using System.Globalization;

namespace Trellis.Circuits.Load;

/// <summary>Latencies by interaction kind, added from many circuits at once; percentiles by nearest rank.</summary>
internal sealed class Samples
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<double>> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failed = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];

    /// <summary>The first failures' messages.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>How many interactions succeeded, of every kind.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byKind.Values.Sum(v => v.Count);
            }
        }
    }

    public void Add(string kind, double milliseconds)
    {
        lock (_gate)
        {
            if (!_byKind.TryGetValue(kind, out var list))
            {
                _byKind[kind] = list = [];
            }

            list.Add(milliseconds);
        }
    }

    public void Fail(string kind, string message)
    {
        lock (_gate)
        {
            _failed[kind] = _failed.GetValueOrDefault(kind) + 1;
            if (_failures.Count < 20)
            {
                _failures.Add($"{kind}: {message}");
            }
        }
    }

    /// <summary>The value at or below which <paramref name="percent"/> % of the sorted values lie (nearest rank).</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    public string Row(string kind, string label) => Row([kind], label);

    public string Row(string[] kinds, string label)
    {
        List<double> values;
        int failed;
        lock (_gate)
        {
            values = [.. kinds.SelectMany(k => _byKind.GetValueOrDefault(k) ?? [])];
            failed = kinds.Sum(k => _failed.GetValueOrDefault(k));
        }

        values.Sort();
        string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("F0", CultureInfo.InvariantCulture);
        return $"| {label} | {values.Count} | {failed} | {F(Percentile(values, 50))} | {F(Percentile(values, 95))} | {F(Percentile(values, 99))} | {F(values.Count == 0 ? double.NaN : values[^1])} |";
    }

    public string Summary()
    {
        lock (_gate)
        {
            return string.Join(", ", _byKind.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value.Average():F0} ms")))
                + (_failed.Count > 0 ? $"; failed: {string.Join(", ", _failed.Select(f => $"{f.Key}×{f.Value}"))} ({_failures.FirstOrDefault()})" : "");
        }
    }
}
