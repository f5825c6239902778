namespace Trellis.Cli.Output;

/// <summary>How a command prints its result.</summary>
internal enum OutputFormat
{
    /// <summary>Lines for a person.</summary>
    Text,

    /// <summary>Exactly one JSON object, for scripts.</summary>
    Json,
}
