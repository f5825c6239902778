using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Trellis.Circuits.Load;

/// <summary>The server's memory, read from outside: its resident set from <c>/proc</c>, its managed heap after a full collection.</summary>
internal static class ServerMemory
{
    /// <summary>One reading: the managed heap after an induced full collection (null when it could not be read) and the resident set after it.</summary>
    public sealed record Reading(long? HeapBytes, long ResidentBytes);

    /// <summary>
    /// Induces a full, blocking collection in the server and reads the heap it leaves (the runtime's GCHeapStats
    /// event), as <c>dotnet-gcdump</c> does: an EventPipe session asking for the <c>GCHeapCollect</c> keyword makes
    /// the runtime collect. Then the resident set, once the collector has given memory back.
    /// </summary>
    public static async Task<Reading> ReadAsync(int pid, CancellationToken cancellationToken)
    {
        long? heap = null;
        try
        {
            var client = new DiagnosticsClient(pid);
            var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational,
                (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect));
            using var session = client.StartEventPipeSession(provider, requestRundown: false);
            using var source = new EventPipeEventSource(session.EventStream);
            var induced = false;
            source.Clr.GCStart += e => induced |= e.Reason == GCReason.Induced && e.Depth == 2;
            source.Clr.GCHeapStats += e =>
            {
                if (induced && heap is null)
                {
                    heap = e.TotalHeapSize;
                    session.Stop();
                }
            };
            await Task.Run(source.Process, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or ServerNotAvailableException or IOException or UnsupportedCommandException)
        {
            Console.Error.WriteLine($"The server's heap could not be read: {e.Message}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        return new Reading(heap, ResidentBytes(pid));
    }

    /// <summary>CPU time the process has used (user + system, from <c>/proc/&lt;pid&gt;/stat</c>), in seconds.</summary>
    public static double CpuSeconds(int pid) => CpuTicks(File.ReadAllText($"/proc/{pid}/stat")) / 100.0;

    /// <summary>utime + stime of a <c>/proc/&lt;pid&gt;/stat</c> line (fields 14 and 15, counted after the command's closing parenthesis), in clock ticks.</summary>
    internal static long CpuTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>VmRSS of the process, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public static long ResidentBytes(int pid) => StatusKiB(File.ReadAllLines($"/proc/{pid}/status"), "VmRSS") * 1024;

    /// <summary>A <c>kB</c> line of a <c>/proc/&lt;pid&gt;/status</c> text.</summary>
    internal static long StatusKiB(IEnumerable<string> lines, string key)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                var value = line[(key.Length + 1)..].Trim();
                return long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"/proc status has no {key} line.");
    }
}
