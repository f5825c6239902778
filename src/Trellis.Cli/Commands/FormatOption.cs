using System.CommandLine;
using Trellis.Cli.Output;

namespace Trellis.Cli.Commands;

/// <summary>The <c>--format text|json</c> option every command shares.</summary>
internal static class FormatOption
{
    /// <summary>Creates the option; text is the default.</summary>
    public static Option<OutputFormat> Create() => new("--format")
    {
        Description = Strings.FormatOption,
        DefaultValueFactory = _ => OutputFormat.Text,
    };
}
